"""Gunicorn's configuration for Harbour, read from the environment.

Used as `gunicorn -c python:harbour.gunicorn_conf harbour.wsgi:application` by
`make serve` and the Docker image. A module rather than a file path, so the
installed package carries it wherever it is installed. Gunicorn reads the names
below; a bad value stops the start naming the variable (harbour.env)."""

import gc
import os

from harbour.env import ConfigurationError, env_bool, env_int, env_str


def _cores() -> int:
    # The cores this process may run on (a container's cpuset), not the host's.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _text(name: str, default: str) -> str:
    # compose.yaml passes unset variables through as empty strings.
    return env_str(name).strip() or default


def _positive(name: str, default: int) -> int:
    value = env_int(name, default)
    if value < 1:
        raise ConfigurationError(f"{name} must be 1 or more, not {value}")
    return value


wsgi_app = "harbour.wsgi:application"
# Loopback unless told otherwise: a proxy or load balancer faces the network.
bind = [address.strip() for address in _text("HARBOUR_WEB_BIND", "127.0.0.1:8000").split(",")]
workers = _positive("HARBOUR_WEB_WORKERS", 2 * _cores() + 1)
# More than one thread switches to gthread workers: useful when requests wait on
# PDFs or the database rather than the CPU.
threads = _positive("HARBOUR_WEB_THREADS", 1)
timeout = _positive("HARBOUR_WEB_TIMEOUT", 30)
graceful_timeout = _positive("HARBOUR_WEB_GRACEFUL_TIMEOUT", 30)
keepalive = _positive("HARBOUR_WEB_KEEPALIVE", 5)

# Django and the app load once in the master and are shared by forked workers:
# less memory, faster restarts, and a bad configuration stops the start at once.
preload_app = env_bool("HARBOUR_WEB_PRELOAD", True)
# Recycle each worker after about this many requests (jittered so they do not all
# restart together), which bounds any slow growth in memory.
max_requests = env_int("HARBOUR_WEB_MAX_REQUESTS", 1000)
max_requests_jitter = env_int("HARBOUR_WEB_MAX_REQUESTS_JITTER", 100)

# Addresses whose X-Forwarded-Proto is believed, so Django knows a request came
# over HTTPS (secure cookies, CSRF). Only ever the proxy in front of Harbour.
forwarded_allow_ips = _text("HARBOUR_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Gunicorn 25+ opens a control socket at one path per user ($HOME/.gunicorn):
# two servers on one host would take it from each other. Signals do the same job
# (HUP reloads, TTIN/TTOU add or remove a worker, TERM stops gracefully).
control_socket_disable = True

# The heartbeat file lives in memory: on a container's overlay disk it can stall workers.
# Gunicorn creates it there with mkstemp (private, unpredictable names).
_SHM = "/dev/shm"  # noqa: S108
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None

accesslog = _text("HARBOUR_WEB_ACCESS_LOG", "-")
errorlog = "-"
loglevel = _text("HARBOUR_LOG_LEVEL", "info").lower()
# Path only: query strings carry searches for people's names (the front desk), and
# the referrer carries the previous page's. Paths carry only ids.
# address, time, method, path, protocol, status, bytes, milliseconds.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


def when_ready(server):
    """With the app preloaded, warm it in the master once, so every worker forked
    from it (and every replacement) starts with compiled templates (warmup.py)."""
    if preload_app:
        from harbour import warmup

        server.log.info("warmed %s templates before forking workers", warmup.warm())
        # Everything loaded so far (Django, the app, the compiled templates) lives
        # as long as the worker: frozen, the garbage collector stops walking it on
        # every full collection, which otherwise lands as a pause on whichever
        # request happens to trigger it, and the workers keep sharing those pages
        # with the master rather than copying them as the collector touches them.
        gc.collect()
        gc.freeze()
