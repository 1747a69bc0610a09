#!/usr/bin/python3
"""A small SOAP banking service written with spyne: the third-party peer of the e2e tests.

Its WSDL is the one spyne itself publishes, so Dragoman's generator meets a schema it did not
write. Document/literal wrapped over SOAP 1.1, one operation per kind of value the translators
must carry: strings, xs:integer/int/long, xs:decimal, xs:double, xs:boolean, xs:date,
xs:dateTime, xs:base64Binary, an enumeration, nested complex types, spyne arrays (a wrapper
type around a repeated child) of a complex type and of strings, a model whose fields are all
mandatory, a Client fault, a Server fault, and a non-idempotent transfer whose executions are
counted in a ledger (read back with ``ledger_count``) so duplicated calls can be detected, and
payment methods of derived types (xsi:type on the wire both ways).

Usage:
    /usr/bin/python3 spyne_bank_service.py --write-wsdl DIR   # writes DIR/spyne_bank.wsdl, exits
    /usr/bin/python3 spyne_bank_service.py --port 0           # serves on 127.0.0.1, prints
                                                              # "LISTENING <port>" once ready
"""

import argparse
import collections
import datetime
import decimal
import io
import logging
import os
import socketserver
import sys
import threading
import wsgiref.simple_server
import wsgiref.util

from spyne import (Application, Array, Boolean, ByteArray, ComplexModel, Date, DateTime,
                   Decimal, Double, Enum, Fault, Integer, Integer32, Integer64, Mandatory,
                   ServiceBase, Unicode, rpc)
from spyne.protocol.soap import Soap11
from spyne.server.wsgi import WsgiApplication

TNS = "http://spyne.example/bank"
WSDL_FILE = "spyne_bank.wsdl"
# The address written into the WSDL by --write-wsdl; Dragoman's config supplies the real one.
PLACEHOLDER_HOST, PLACEHOLDER_PORT = "127.0.0.1", "0"
UTC = datetime.timezone.utc

AccountStatus = Enum("ACTIVE", "DORMANT", "FROZEN", "CLOSED", type_name="AccountStatus")
TransferStatus = Enum("BOOKED", "PENDING", "REJECTED", type_name="TransferStatus")


class Address(ComplexModel):
    street = Unicode
    city = Unicode
    postcode = Unicode(max_len=10)
    country = Unicode


class Owner(ComplexModel):
    customer_number = Integer64
    name = Unicode
    address = Address


class Account(ComplexModel):
    account_id = Unicode
    owner = Owner
    balance = Decimal
    overdraft_limit = Decimal
    interest_rate = Double
    status = AccountStatus
    opened = Date
    # minOccurs=1 and nillable: spyne writes xsi:nil while the account is open.
    closed_on = Date(min_occurs=1)
    last_activity = DateTime
    branch = Integer32
    joint = Boolean
    tags = Array(Unicode)


class Transaction(ComplexModel):
    sequence = Integer64
    booked = DateTime
    value_date = Date
    amount = Decimal
    currency = Unicode
    description = Unicode
    counterparty = Unicode


class AccountApplication(ComplexModel):
    """Every field is mandatory: minOccurs=1 and not nillable."""
    name = Mandatory(Unicode)
    birth_date = Mandatory(Date)
    initial_deposit = Mandatory(Decimal)
    branch = Mandatory(Integer32)
    marketing_consent = Mandatory(Boolean)


class InterestQuote(ComplexModel):
    principal = Decimal
    days = Integer
    rate = Double
    interest = Decimal
    compounded = Boolean


class TransferReceipt(ComplexModel):
    transfer_id = Unicode
    status = TransferStatus
    amount = Decimal
    executed_at = DateTime


class PaymentMethod(ComplexModel):
    """A base type: the wire names the derived one with xsi:type."""
    holder = Unicode


class Card(PaymentMethod):
    last_digits = Unicode(max_len=4)


class BankTransfer(PaymentMethod):
    iban = Unicode


class PaymentMethodsSummary(ComplexModel):
    kinds = Array(Unicode)
    methods = Array(PaymentMethod)


ACCOUNTS = {
    "ACC-1001": Account(
        account_id="ACC-1001",
        owner=Owner(customer_number=9000000001, name="Ada Lovelace",
                    address=Address(street="12 St James's Square", city="London",
                                    postcode="SW1Y 4JH", country="GB")),
        balance=decimal.Decimal("1234.50"), overdraft_limit=decimal.Decimal("500.00"),
        interest_rate=0.0125, status="ACTIVE", opened=datetime.date(2015, 3, 14),
        last_activity=datetime.datetime(2024, 5, 2, 9, 30, 15, tzinfo=UTC),
        branch=42, joint=False, tags=["salary", "premium"]),
    # Sparse on purpose: unset optional fields are left out, the tag list is empty.
    "ACC-2002": Account(
        account_id="ACC-2002",
        owner=Owner(customer_number=9000000002, name="Charles Babbage"),
        balance=decimal.Decimal("-17.05"), status="FROZEN",
        opened=datetime.date(1999, 12, 31), branch=7, joint=True, tags=[]),
}

TRANSACTIONS = {
    "ACC-1001": [
        Transaction(sequence=1, booked=datetime.datetime(2024, 5, 1, 8, 0, tzinfo=UTC),
                    value_date=datetime.date(2024, 5, 1), amount=decimal.Decimal("2500.00"),
                    currency="EUR", description="Salary May",
                    counterparty="Analytical Engines Ltd"),
        Transaction(sequence=2, booked=datetime.datetime(2024, 5, 2, 9, 30, 15, tzinfo=UTC),
                    value_date=datetime.date(2024, 5, 2), amount=decimal.Decimal("-1265.5"),
                    currency="EUR", description="Rent"),
    ],
}


class UnknownAccount(Fault):
    """Client fault: the account id does not exist."""

    def __init__(self, account_id):
        super().__init__(faultcode="Client.UnknownAccount",
                         faultstring="Unknown account %s" % account_id)


def _find_account(account_id):
    try:
        return ACCOUNTS[account_id]
    except KeyError:
        raise UnknownAccount(account_id) from None


class Ledger:
    """Executed transfers by reference; thread safe, lives as long as the process."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counts = collections.Counter()

    def record(self, reference):
        with self._lock:
            self._counts[reference] += 1

    def count(self, reference):
        with self._lock:
            return self._counts[reference]


LEDGER = Ledger()


class BankService(ServiceBase):
    @rpc(_returns=Unicode)
    def ping(ctx):
        return "pong"

    @rpc(Unicode, _returns=Account, _throws=UnknownAccount)
    def get_account(ctx, account_id):
        return _find_account(account_id)

    @rpc(Unicode, Date, Date, _returns=Array(Transaction), _throws=UnknownAccount)
    def list_transactions(ctx, account_id, from_date, to_date):
        _find_account(account_id)
        return [t for t in TRANSACTIONS.get(account_id, [])
                if (from_date is None or t.value_date >= from_date)
                and (to_date is None or t.value_date <= to_date)]

    @rpc(Unicode, _returns=Array(Unicode), _throws=UnknownAccount)
    def list_tags(ctx, account_id):
        return _find_account(account_id).tags

    @rpc(Unicode, _returns=AccountStatus, _throws=UnknownAccount)
    def get_status(ctx, account_id):
        return _find_account(account_id).status

    @rpc(Decimal, Double, Integer, Boolean, _returns=InterestQuote)
    def quote_interest(ctx, principal, rate, days, compounded):
        """Simple or daily-compounded interest, rounded to cents."""
        daily = decimal.Decimal(repr(rate)) / 365
        interest = principal * ((1 + daily) ** days - 1 if compounded else daily * days)
        return InterestQuote(principal=principal, days=days, rate=rate, compounded=compounded,
                             interest=interest.quantize(decimal.Decimal("0.01")))

    @rpc(Integer32, Integer64, Integer, _returns=Integer64)
    def sum_integers(ctx, small, big, huge):
        """Adds an xs:int, an xs:long and an xs:integer (which may exceed 64 bits)."""
        total = (small or 0) + (big or 0) + (huge or 0)
        # The reply is an xs:long: fold into range rather than fail, so huge inputs round-trip.
        return (total + 2**63) % 2**64 - 2**63

    @rpc(Mandatory(AccountApplication), _returns=Account)
    def open_account(ctx, application):
        return Account(account_id="ACC-NEW-%d" % application.branch,
                       owner=Owner(name=application.name), balance=application.initial_deposit,
                       status="ACTIVE", opened=datetime.date(2024, 6, 1),
                       branch=application.branch, joint=False,
                       tags=["consent"] if application.marketing_consent else [])

    @rpc(Unicode, _returns=ByteArray, _throws=UnknownAccount)
    def get_statement(ctx, account_id):
        """A statement document as base64Binary; contains every byte value once."""
        _find_account(account_id)
        return [b"%PDF-1.4 statement " + account_id.encode() + b"\n" + bytes(range(256))]

    @rpc(Unicode, Unicode, Decimal, Unicode, Date, _returns=TransferReceipt,
         _throws=UnknownAccount)
    def transfer(ctx, from_account, to_account, amount, reference, execution_date):
        """Moves money: NOT idempotent, each execution is counted in the ledger.

        The receipt is a pure function of the request so two executions can be compared.
        """
        _find_account(from_account)
        _find_account(to_account)
        if amount is None or amount <= 0:
            raise Fault("Client.InvalidAmount", "Amount must be positive")
        LEDGER.record(reference)
        day = execution_date or datetime.date(2024, 6, 3)
        return TransferReceipt(transfer_id="TRF-%s" % reference, status="BOOKED", amount=amount,
                               executed_at=datetime.datetime(day.year, day.month, day.day,
                                                             12, 0, tzinfo=UTC))

    @rpc(Unicode, _returns=Integer)
    def ledger_count(ctx, reference):
        """How many times a transfer with this reference was executed."""
        return LEDGER.count(reference)

    @rpc(Array(PaymentMethod), _returns=PaymentMethodsSummary)
    def register_payment_methods(ctx, methods):
        """Echoes the methods with the class spyne decoded each into (from xsi:type)."""
        methods = methods or []
        return PaymentMethodsSummary(kinds=[type(m).__name__ for m in methods], methods=methods)

    @rpc(Unicode, _returns=Unicode)
    def fail_internally(ctx, reason):
        """Always raises a Server fault whose faultstring carries ``reason``."""
        raise Fault("Server", "Core system unavailable: %s" % reason)


def make_app():
    """The WSGI application; spyne's lxml validation is off, the translators must be right."""
    app = Application([BankService], tns=TNS, name="SpyneBank",
                      in_protocol=Soap11(validator=None),
                      # polymorphic: a derived value is written with its xsi:type.
                      out_protocol=Soap11(polymorphic=True))
    return WsgiApplication(app)


def wsdl_bytes(wsgi_app):
    """Runs ``GET /?wsdl`` in-process against the placeholder address and returns the body."""
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/", "QUERY_STRING": "wsdl",
               "HTTP_HOST": "%s:%s" % (PLACEHOLDER_HOST, PLACEHOLDER_PORT),
               "SERVER_NAME": PLACEHOLDER_HOST, "SERVER_PORT": PLACEHOLDER_PORT,
               "wsgi.input": io.BytesIO()}
    wsgiref.util.setup_testing_defaults(environ)
    status = []
    body = b"".join(wsgi_app(environ, lambda s, headers, exc_info=None: status.append(s)))
    if not status or not status[0].startswith("200"):
        raise RuntimeError("spyne answered ?wsdl with %s" % (status or "nothing"))
    return body


class _ThreadingServer(socketserver.ThreadingMixIn, wsgiref.simple_server.WSGIServer):
    daemon_threads = True


class _QuietHandler(wsgiref.simple_server.WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write-wsdl", metavar="DIR", help="write DIR/%s and exit" % WSDL_FILE)
    mode.add_argument("--port", type=int, help="serve on 127.0.0.1:PORT (0 picks a free port)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    wsgi_app = make_app()

    if args.write_wsdl is not None:
        os.makedirs(args.write_wsdl, exist_ok=True)
        with open(os.path.join(args.write_wsdl, WSDL_FILE), "wb") as out:
            out.write(wsdl_bytes(wsgi_app))
        return 0

    server = wsgiref.simple_server.make_server("127.0.0.1", args.port, wsgi_app,
                                               server_class=_ThreadingServer,
                                               handler_class=_QuietHandler)
    print("LISTENING %d" % server.server_port, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
