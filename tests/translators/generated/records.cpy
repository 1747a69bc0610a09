      * Every construct the generated record translators map, in one
      * request/reply pair (test-only).
       01  CUSTOMER-REQUEST.
           05  REQ-SEGMENT-ID          PIC X.
           05  REQ-CUSTOMER-ID         PIC 9(8) COMP.
           05  REQ-PERSON.
               10  REQ-FIRST-NAME      PIC X(12).
               10  REQ-LAST-NAME       PIC X(12).
           05  REQ-COMPANY REDEFINES REQ-PERSON.
               10  REQ-COMPANY-NAME    PIC X(20).
               10  REQ-VAT-ID          PIC 9(4).
           05  REQ-AMOUNT              PIC S9(7)V99 COMP-3.
           05  REQ-RATE                PIC SV9(5) SIGN LEADING SEPARATE.
           05  REQ-CODE                PIC X(6) JUSTIFIED RIGHT.
           05  REQ-CHANNEL             PIC X(4).
           05  REQ-SECRET              PIC X(8).
           05  FILLER                  PIC X(3) VALUE 'EOR'.
       01  CUSTOMER-REPLY.
           05  RPL-RETURN-CODE         PIC S9(4) COMP.
           05  RPL-MESSAGE             PIC X(30).
           05  RPL-BALANCE             PIC S9(13)V99 COMP-3.
           05  RPL-BIG                 PIC S9(20) COMP-3.
           05  RPL-COUNT               PIC S9(4) COMP-5.
           05  RPL-RATIO               COMP-2.
           05  RPL-SHORT-RATIO         COMP-1.
           05  RPL-THOUSANDS           PIC 9(3)PPP.
           05  RPL-NAME-N              PIC N(6).
           05  RPL-EDITED              PIC ZZ,ZZ9.99-.
           05  RPL-LIMITS OCCURS 3 TIMES.
               10  RPL-LIMIT-KIND      PIC X(2).
               10  RPL-LIMIT-VALUE     PIC S9(5) COMP-3.
           05  RPL-TAG                 PIC X(3) OCCURS 2 TIMES.
           05  RPL-TXN-COUNT           PIC 9(2).
           05  RPL-TXN OCCURS 0 TO 5 TIMES DEPENDING ON RPL-TXN-COUNT.
               10  RPL-TXN-ID          PIC 9(6).
               10  RPL-TXN-AMOUNT      PIC S9(7)V99 COMP-3.
