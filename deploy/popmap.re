# perdition's posix_regex map: a-m live on mail1, n-z on mail2 (ports come from -p, one per protocol).
^[a-m]:   mail1
^[n-z]:   mail2
