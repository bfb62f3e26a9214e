"""Government gateway (政务对接): the one place holding government credentials and protocols —
ask (人社, 民政), tell, refer, and be asked."""
