"""LTI 1.3 and LTI Advantage: the tool's keys, its LMS settings per cohort, the OAuth 2
client-credentials grant with a signed JWT, grades back through Assignment and Grade Services
(AGS) with the course's members from Names and Role Provisioning Services (NRPS)."""
