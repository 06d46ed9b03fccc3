-- Failed logins per client address (the socket's peer, or the X-Forwarded-For client behind a
-- trusted proxy), in a fixed window, so every instance behind a load balancer enforces the limit.
CREATE TABLE login_address_attempts (
    address TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    failures BIGINT NOT NULL
);
