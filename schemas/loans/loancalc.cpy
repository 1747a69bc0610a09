      *****************************************************************
      * LOANCALC COMMAREA: a loan quote from a CICS program.           *
      * The caller fills the request part; the program fills the rest. *
      *****************************************************************
       01  LOAN-COMMAREA.
           05  LC-REQUEST.
               10  LC-CUSTOMER-ID        PIC X(10).
               10  LC-CUSTOMER-NAME      PIC X(30).
               10  LC-PRINCIPAL          PIC S9(9)V99 COMP-3.
               10  LC-ANNUAL-RATE        PIC S9(3)V9(4) COMP-3.
               10  LC-TERM-MONTHS        PIC 9(3).
               10  LC-CHANNEL            PIC X(4).
           05  LC-REPLY.
               10  LC-RETURN-CODE        PIC S9(4) COMP.
                   88  LC-OK             VALUE 0.
                   88  LC-REJECTED       VALUE 8.
                   88  LC-UNKNOWN-CUST   VALUE 12.
               10  LC-MESSAGE            PIC X(40).
               10  LC-MONTHLY-PAYMENT    PIC S9(9)V99 COMP-3.
               10  LC-TOTAL-INTEREST     PIC S9(9)V99 COMP-3.
               10  LC-SCHEDULE-COUNT     PIC 9(2).
               10  LC-SCHEDULE OCCURS 0 TO 12 TIMES
                       DEPENDING ON LC-SCHEDULE-COUNT.
                   15  LC-SCHED-MONTH    PIC 9(3).
                   15  LC-SCHED-BALANCE  PIC S9(9)V99 COMP-3.
