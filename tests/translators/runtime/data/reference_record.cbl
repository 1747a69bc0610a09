      * Writes one record of every numeric usage the record codecs
      * read, with values COBOL itself moved into it. The output file
      * is named by the environment variable DD_REFOUT.
       IDENTIFICATION DIVISION.
       PROGRAM-ID. REFREC.
       ENVIRONMENT DIVISION.
       INPUT-OUTPUT SECTION.
       FILE-CONTROL.
           SELECT OUT-FILE ASSIGN TO REFOUT
               ORGANIZATION IS SEQUENTIAL.
       DATA DIVISION.
       FILE SECTION.
       FD OUT-FILE.
       01 OUT-REC.
          05 P1 PIC S9(5)V99 COMP-3.
          05 P2 PIC 9(4) COMP-3.
          05 Z1 PIC S9(3)V99.
          05 Z2 PIC S9(3) SIGN LEADING SEPARATE.
          05 Z3 PIC 9(4).
          05 B1 PIC S9(4) COMP.
          05 B2 PIC S9(9) COMP.
          05 B3 PIC 9(18) COMP.
          05 B5 PIC S9(4) COMP-5.
       WORKING-STORAGE SECTION.
       PROCEDURE DIVISION.
           OPEN OUTPUT OUT-FILE
           MOVE -12345.67 TO P1
           MOVE 42 TO P2
           MOVE -123.45 TO Z1
           MOVE -7 TO Z2
           MOVE 1234 TO Z3
           MOVE -2 TO B1
           MOVE 123456789 TO B2
           MOVE 999999999999999999 TO B3
           MOVE -300 TO B5
           WRITE OUT-REC
           CLOSE OUT-FILE
           STOP RUN.
