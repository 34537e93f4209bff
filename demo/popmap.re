# perdition's posix_regex map (perditiondb(5)): the first matching regular expression wins.
# The server has no port: each listener names its own (demo/demo.conf: 10110 POP3, 10143 IMAP4, 14190 ManageSieve).
^[a-m]:   127.0.0.2
^[n-z]:   127.0.0.3
