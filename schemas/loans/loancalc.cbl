       IDENTIFICATION DIVISION.
      * LOANCALC: quotes a loan from the COMMAREA its caller sends, as
      * a CICS program LINKed with that COMMAREA would. Simple interest
      * over the term, paid in equal monthly instalments; every figure
      * is COMP-3 arithmetic, ROUNDED half away from zero.
       PROGRAM-ID. LOANCALC.
       DATA DIVISION.
       WORKING-STORAGE SECTION.
       01  WS-TOTAL-DUE             PIC S9(11)V99 COMP-3.
       01  WS-BALANCE               PIC S9(11)V99 COMP-3.
       01  WS-MONTH                 PIC 9(3) COMP-3.
       LINKAGE SECTION.
       COPY "loancalc.cpy".
       PROCEDURE DIVISION USING LOAN-COMMAREA.
           MOVE 0 TO LC-RETURN-CODE
           MOVE SPACES TO LC-MESSAGE
           MOVE 0 TO LC-MONTHLY-PAYMENT LC-TOTAL-INTEREST
           MOVE 0 TO LC-SCHEDULE-COUNT
           IF LC-CUSTOMER-ID = SPACES OR LC-CUSTOMER-ID (1:1) = "X"
               MOVE 12 TO LC-RETURN-CODE
               STRING "UNKNOWN CUSTOMER " DELIMITED BY SIZE
                      LC-CUSTOMER-ID DELIMITED BY SPACE
                      INTO LC-MESSAGE
               GOBACK
           END-IF
           IF LC-TERM-MONTHS = 0 OR LC-PRINCIPAL NOT > 0
              OR LC-ANNUAL-RATE < 0
               MOVE 8 TO LC-RETURN-CODE
               MOVE "TERM, PRINCIPAL OR RATE OUT OF RANGE" TO LC-MESSAGE
               GOBACK
           END-IF
           COMPUTE LC-TOTAL-INTEREST ROUNDED =
               LC-PRINCIPAL * LC-ANNUAL-RATE * LC-TERM-MONTHS / 1200
               ON SIZE ERROR
                   MOVE 8 TO LC-RETURN-CODE
                   MOVE "INTEREST TOO LARGE TO QUOTE" TO LC-MESSAGE
                   MOVE 0 TO LC-TOTAL-INTEREST
                   GOBACK
           END-COMPUTE
           COMPUTE WS-TOTAL-DUE = LC-PRINCIPAL + LC-TOTAL-INTEREST
           COMPUTE LC-MONTHLY-PAYMENT ROUNDED =
               WS-TOTAL-DUE / LC-TERM-MONTHS
           MOVE WS-TOTAL-DUE TO WS-BALANCE
           PERFORM VARYING WS-MONTH FROM 1 BY 1
                   UNTIL WS-MONTH > LC-TERM-MONTHS OR WS-MONTH > 12
               SUBTRACT LC-MONTHLY-PAYMENT FROM WS-BALANCE
               ADD 1 TO LC-SCHEDULE-COUNT
               MOVE WS-MONTH TO LC-SCHED-MONTH (LC-SCHEDULE-COUNT)
               MOVE WS-BALANCE TO LC-SCHED-BALANCE (LC-SCHEDULE-COUNT)
           END-PERFORM
           STRING "QUOTED FOR " DELIMITED BY SIZE
                  LC-CUSTOMER-NAME DELIMITED BY "  "
                  INTO LC-MESSAGE
           GOBACK.
