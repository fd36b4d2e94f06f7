"""What other systems read: question banks (GIFT, Moodle XML, QTI 2.1), grades for an LMS
(LTI Advantage), xAPI statements for a learning record store, and the LTI 1.3 launch."""
