// Command bank-gateway is the grpc-gateway arm of the end-to-end benchmark: stock grpc-gateway
// v1 (Debian 12's 1.6.4) serving HTTP/JSON in front of Dragoman's gRPC port for the bank's
// BankPort, with the bindings of bank_http.yaml (POST /v1/bank/<Method>, body "*").
// build.sh generates the Go packages it imports and builds it.
//
//	bank-gateway --listen 127.0.0.1:0 --backend 127.0.0.1:PORT
//
// prints "LISTENING <port>" on stdout once it accepts connections.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"

	bankpb "dragoman/gen/bankpb"
	// Dragoman's error detail types, so that errors' details can be written as JSON.
	_ "dragoman/gen/dragoman"

	"github.com/grpc-ecosystem/grpc-gateway/runtime"
	"google.golang.org/grpc"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "HTTP address to serve on")
	backend := flag.String("backend", "", "Dragoman's gRPC address (plaintext), host:port")
	// Replies are written as Dragoman's HTTP front end writes them by default; these two
	// flags are its http_json options of the same names. Both together give grpc-gateway
	// v1's own default (JSONPb{OrigName: true}).
	omitDefaults := flag.Bool("omit-defaults", false,
		"leave out fields at their default value (0, \"\", false)")
	protoFieldNames := flag.Bool("proto-field-names", false,
		"write the .proto's field names instead of lowerCamelCase")
	flag.Parse()
	if *backend == "" || flag.NArg() != 0 {
		log.Fatal("usage: bank-gateway [--listen HOST:PORT] --backend HOST:PORT " +
			"[--omit-defaults] [--proto-field-names]")
	}

	mux := runtime.NewServeMux(runtime.WithMarshalerOption(runtime.MIMEWildcard,
		&runtime.JSONPb{OrigName: *protoFieldNames, EmitDefaults: !*omitDefaults}))
	opts := []grpc.DialOption{grpc.WithInsecure()}
	err := bankpb.RegisterBankPortHandlerFromEndpoint(context.Background(), mux, *backend, opts)
	if err != nil {
		log.Fatalf("backend %s: %v", *backend, err)
	}

	lis, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("LISTENING %d\n", lis.Addr().(*net.TCPAddr).Port)
	log.Fatal(http.Serve(lis, mux))
}
