<?php
/**
 * The SOAPBuilders Interop Round 2 "base" service, served by PHP's own SOAP stack (ext/soap).
 *
 * A real third-party SOAP server for tests/e2e/test_php_interop_e2e.py: every operation of
 * round2_base.wsdl (rpc/encoded, SOAP 1.1) echoes its input; echoVoid returns nothing.
 * ext/soap does all the (de)serialisation from the WSDL: SOAP-ENC arrays arrive here as PHP
 * arrays, SOAPStruct as stdClass, base64Binary/hexBinary as binary strings, and go back
 * encoded as the WSDL says.
 *
 * Running it (the PHP built-in web server sends every request to this script):
 *
 *     PHP_INTEROP_WSDL=/path/to/round2_base.wsdl \
 *         php -d soap.wsdl_cache_enabled=0 -S 127.0.0.1:PORT tests/e2e/php_interop_server.php
 *
 *     POST /            a SOAP 1.1 request, answered by SoapServer::handle()
 *     GET  /?wsdl       the WSDL, as loaded
 *     anything else     404
 *
 * `php -S` passes no arguments to its script, hence the environment variable. With
 * PHP_INTEROP_WIRE_LOG=1 each request and response body is also written to stderr (the
 * server's log), so a failing test shows what was on the wire.
 * Needs the Debian packages php-cli and php-soap.
 */

declare(strict_types=1);

// Reproducible runs: never read or write a cached, parsed WSDL (also set with -d above).
ini_set('soap.wsdl_cache_enabled', '0');

$wsdl = getenv('PHP_INTEROP_WSDL');
if ($wsdl === false || !is_readable($wsdl)) {
    http_response_code(500);
    header('Content-Type: text/plain');
    echo "PHP_INTEROP_WSDL must name a readable WSDL file\n";
    return true;
}

$method = $_SERVER['REQUEST_METHOD'] ?? 'GET';
if ($method === 'GET' && strcasecmp($_SERVER['QUERY_STRING'] ?? '', 'wsdl') === 0) {
    header('Content-Type: text/xml; charset=utf-8');
    readfile($wsdl);
    return true;
}
if ($method !== 'POST') {
    http_response_code(404);
    header('Content-Type: text/plain');
    echo "POST a SOAP request, or GET ?wsdl\n";
    return true;
}

/** The service: one echo per operation, by the WSDL's operation names. */
final class InteropEcho
{
    public function echoString($s) { return $s; }
    public function echoStringArray($a) { return $a; }
    public function echoInteger($i) { return $i; }
    public function echoIntegerArray($a) { return $a; }
    public function echoFloat($f) { return $f; }
    public function echoFloatArray($a) { return $a; }
    public function echoStruct($s) { return $s; }
    public function echoStructArray($a) { return is_array($a) ? self::shareEqual($a) : $a; }
    public function echoVoid() { }
    public function echoBase64($b) { return $b; }
    public function echoDate($d) { return $d; }
    public function echoHexBinary($h) { return $h; }
    public function echoDecimal($d) { return $d; }
    public function echoBoolean($b) { return $b; }

    /**
     * The same items, with equal structs replaced by one shared object. The values are
     * unchanged, but ext/soap writes an object met twice once, inline with id="refN", and
     * every later occurrence as <item href="#refN"/>, as a PHP service returning shared
     * objects does; so an array with equal structs tests how a client reads SOAP-ENC href.
     */
    private static function shareEqual(array $items): array
    {
        $first = [];  // serialize() of an item (exact, unlike ==) => its first occurrence
        foreach ($items as $i => $item) {
            $key = serialize($item);
            if (isset($first[$key])) {
                $items[$i] = $first[$key];
            } else {
                $first[$key] = $item;
            }
        }
        return $items;
    }
}

$server = new SoapServer($wsdl, [
    'soap_version' => SOAP_1_1,        // the binding is SOAP 1.1; use="encoded" comes from it
    'cache_wsdl' => WSDL_CACHE_NONE,
    'encoding' => 'UTF-8',             // strings reach PHP and leave it as UTF-8, unchanged
]);
$server->setClass(InteropEcho::class);

$wire_log = getenv('PHP_INTEROP_WIRE_LOG') === '1';
if ($wire_log) {
    file_put_contents('php://stderr', "REQUEST\n" . file_get_contents('php://input') . "\n");
    ob_start();
}
$server->handle();
if ($wire_log) {
    $response = ob_get_flush();
    file_put_contents('php://stderr', "RESPONSE\n" . $response . "\n");
}
return true;
