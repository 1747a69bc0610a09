#!/usr/bin/python3
"""Writes a synthetic enterprise-sized WSDL (document/literal wrapped, SOAP 1.1) for scale tests.

Real estates have WSDLs of several MB (Workday, SAP, Oracle): thousands of named complex types
that reference each other, extend a few common bases, use enumerations, optional and repeated
elements of every common built-in type, and hundreds of operations. This writes such a WSDL of
roughly the requested size, deterministically, so generation and compile cost can be measured.

Usage: make_large_wsdl.py OUT.wsdl [--megabytes 4]
"""

import argparse
import random

TNS = "urn:dragoman:bench:large"
BUILTINS = ["string", "int", "long", "decimal", "boolean", "date", "dateTime", "double",
            "token", "base64Binary"]


def complex_type(i, rng, type_count):
    """One named complex type; every fifth extends a common base."""
    fields = []
    for f in range(rng.randint(6, 14)):
        occurs = rng.choice(['', ' minOccurs="0"', ' minOccurs="0" maxOccurs="unbounded"'])
        if f % 4 == 3 and i > 0:
            ref = "tns:Type%d" % rng.randrange(0, i)  # earlier types: no unbounded recursion
        elif f % 7 == 5:
            ref = "tns:Code%d" % rng.randrange(0, max(1, type_count // 10))
        else:
            ref = "xs:" + rng.choice(BUILTINS)
        doc = ('<xs:annotation><xs:documentation>Field %d of type %d, as an enterprise schema '
               'documents it.</xs:documentation></xs:annotation>' % (f, i)) if f % 3 == 0 else ""
        fields.append('<xs:element name="field%dOf%d" type="%s"%s>%s</xs:element>'
                      % (f, i, ref, occurs, doc))
    attribute = '<xs:attribute name="id%d" type="xs:string"/>' % i
    body = "<xs:sequence>%s</xs:sequence>%s" % ("".join(fields), attribute)
    if i % 5 == 4:
        body = ('<xs:complexContent><xs:extension base="tns:Base%d">%s</xs:extension>'
                '</xs:complexContent>' % (i % 3, body))
    return '<xs:complexType name="Type%d">%s</xs:complexType>\n' % (i, body)


def write(path, megabytes):
    rng = random.Random(42)
    target = int(megabytes * 1024 * 1024)
    # About 1.1 KB per type and 1.3 KB per operation on average.
    type_count = int(target / 1500)
    op_count = max(1, type_count // 8)
    types = []
    for b in range(3):
        types.append('<xs:complexType name="Base%d"><xs:sequence><xs:element name="created%d" '
                     'type="xs:dateTime" minOccurs="0"/><xs:element name="owner%d" '
                     'type="xs:string" minOccurs="0"/></xs:sequence></xs:complexType>\n'
                     % (b, b, b))
    for c in range(max(1, type_count // 10)):
        values = "".join('<xs:enumeration value="C%d_%d"/>' % (c, v) for v in range(5))
        types.append('<xs:simpleType name="Code%d"><xs:restriction base="xs:string">%s'
                     '</xs:restriction></xs:simpleType>\n' % (c, values))
    for i in range(type_count):
        types.append(complex_type(i, rng, type_count))
    elements, messages, port_ops, binding_ops = [], [], [], []
    for o in range(op_count):
        request_type = rng.randrange(0, type_count)
        reply_type = rng.randrange(0, type_count)
        elements.append(
            '<xs:element name="Op%d"><xs:complexType><xs:sequence><xs:element name="input" '
            'type="tns:Type%d"/></xs:sequence></xs:complexType></xs:element>\n'
            '<xs:element name="Op%dResponse"><xs:complexType><xs:sequence><xs:element '
            'name="output" type="tns:Type%d" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>'
            '</xs:complexType></xs:element>\n' % (o, request_type, o, reply_type))
        messages.append('<wsdl:message name="Op%dIn"><wsdl:part name="parameters" '
                        'element="tns:Op%d"/></wsdl:message>\n<wsdl:message name="Op%dOut">'
                        '<wsdl:part name="parameters" element="tns:Op%dResponse"/>'
                        '</wsdl:message>\n' % (o, o, o, o))
        port_ops.append('<wsdl:operation name="Op%d"><wsdl:input message="tns:Op%dIn"/>'
                        '<wsdl:output message="tns:Op%dOut"/></wsdl:operation>\n' % (o, o, o))
        binding_ops.append('<wsdl:operation name="Op%d"><soap:operation soapAction="%s#Op%d"/>'
                           '<wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output>'
                           '<soap:body use="literal"/></wsdl:output></wsdl:operation>\n'
                           % (o, TNS, o))
    with open(path, "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" '
                'xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" '
                'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="%s" '
                'targetNamespace="%s">\n<wsdl:types><xs:schema targetNamespace="%s" '
                'elementFormDefault="qualified">\n' % (TNS, TNS, TNS))
        f.writelines(types)
        f.writelines(elements)
        f.write("</xs:schema></wsdl:types>\n")
        f.writelines(messages)
        f.write('<wsdl:portType name="LargePortType">\n')
        f.writelines(port_ops)
        f.write('</wsdl:portType>\n<wsdl:binding name="LargeBinding" type="tns:LargePortType">'
                '<soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>\n')
        f.writelines(binding_ops)
        f.write('</wsdl:binding>\n<wsdl:service name="Large"><wsdl:port name="LargePort" '
                'binding="tns:LargeBinding"><soap:address location="http://127.0.0.1:1/large"/>'
                '</wsdl:port></wsdl:service>\n</wsdl:definitions>\n')
    return type_count, op_count


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("--megabytes", type=float, default=4.0)
    args = parser.parse_args()
    types, ops = write(args.out, args.megabytes)
    print("%s: %d complex types, %d operations" % (args.out, types, ops))


if __name__ == "__main__":
    main()
