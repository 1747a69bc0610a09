      * Moves numbers into numeric-edited items and DISPLAYs each as
      * PICTURE|VALUE|[EDITED], the reference the numeric-editing
      * encoder must match character for character.
       IDENTIFICATION DIVISION.
       PROGRAM-ID. EDITREF.
       DATA DIVISION.
       WORKING-STORAGE SECTION.
       01  E00 PIC ZZ,ZZ9.99-.
       01  E01 PIC ZZ,ZZ9.99-.
       01  E02 PIC ZZ,ZZ9.99-.
       01  E03 PIC ZZZ.ZZ.
       01  E04 PIC ZZZ.ZZ.
       01  E05 PIC ZZZ.ZZ.
       01  E06 PIC $$$,$$9.99.
       01  E07 PIC $$$,$$9.99.
       01  E08 PIC $$$,$$9.99.
       01  E09 PIC +++,++9.99.
       01  E10 PIC +++,++9.99.
       01  E11 PIC ----9.99.
       01  E12 PIC ----9.99.
       01  E13 PIC ***,**9.99.
       01  E14 PIC ***.**.
       01  E15 PIC 9(5).99CR.
       01  E16 PIC 9(5).99CR.
       01  E17 PIC Z(4)9.99DB.
       01  E18 PIC 99/99/99.
       01  E19 PIC 999B999B999.
       01  E20 PIC +9(4).
       01  E21 PIC +9(4).
       01  E22 PIC 9(4)-.
       01  E23 PIC Z(5).
       01  E24 PIC $Z,ZZ9.99.
       01  E25 PIC ZZ9.99+.
       01  E26 PIC Z(3)000.
       01  E27 PIC $$$$9.
       PROCEDURE DIVISION.
           MOVE -1234.5 TO E00
           DISPLAY "ZZ,ZZ9.99-|-1234.5|[" E00 "]"
           MOVE 0 TO E01
           DISPLAY "ZZ,ZZ9.99-|0|[" E01 "]"
           MOVE 7.05 TO E02
           DISPLAY "ZZ,ZZ9.99-|7.05|[" E02 "]"
           MOVE 0 TO E03
           DISPLAY "ZZZ.ZZ|0|[" E03 "]"
           MOVE 0.05 TO E04
           DISPLAY "ZZZ.ZZ|0.05|[" E04 "]"
           MOVE 12.3 TO E05
           DISPLAY "ZZZ.ZZ|12.3|[" E05 "]"
           MOVE 1234.56 TO E06
           DISPLAY "$$$,$$9.99|1234.56|[" E06 "]"
           MOVE 5 TO E07
           DISPLAY "$$$,$$9.99|5|[" E07 "]"
           MOVE 0 TO E08
           DISPLAY "$$$,$$9.99|0|[" E08 "]"
           MOVE -12.5 TO E09
           DISPLAY "+++,++9.99|-12.5|[" E09 "]"
           MOVE 12.5 TO E10
           DISPLAY "+++,++9.99|12.5|[" E10 "]"
           MOVE -3.25 TO E11
           DISPLAY "----9.99|-3.25|[" E11 "]"
           MOVE 3.25 TO E12
           DISPLAY "----9.99|3.25|[" E12 "]"
           MOVE 42 TO E13
           DISPLAY "***,**9.99|42|[" E13 "]"
           MOVE 0 TO E14
           DISPLAY "***.**|0|[" E14 "]"
           MOVE -15.2 TO E15
           DISPLAY "9(5).99CR|-15.2|[" E15 "]"
           MOVE 15.2 TO E16
           DISPLAY "9(5).99CR|15.2|[" E16 "]"
           MOVE -1.5 TO E17
           DISPLAY "Z(4)9.99DB|-1.5|[" E17 "]"
           MOVE 311224 TO E18
           DISPLAY "99/99/99|311224|[" E18 "]"
           MOVE 123456789 TO E19
           DISPLAY "999B999B999|123456789|[" E19 "]"
           MOVE 17 TO E20
           DISPLAY "+9(4)|17|[" E20 "]"
           MOVE -17 TO E21
           DISPLAY "+9(4)|-17|[" E21 "]"
           MOVE -17 TO E22
           DISPLAY "9(4)-|-17|[" E22 "]"
           MOVE 0 TO E23
           DISPLAY "Z(5)|0|[" E23 "]"
           MOVE 987.6 TO E24
           DISPLAY "$Z,ZZ9.99|987.6|[" E24 "]"
           MOVE -0.5 TO E25
           DISPLAY "ZZ9.99+|-0.5|[" E25 "]"
           MOVE 12 TO E26
           DISPLAY "Z(3)000|12|[" E26 "]"
           MOVE 12345 TO E27
           DISPLAY "$$$$9|12345|[" E27 "]"
           STOP RUN.
