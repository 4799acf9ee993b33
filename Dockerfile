# syntax=docker/dockerfile:1.7
# rare-egress container image.
#   docker build -t rare-egress:local .
#   docker run --rm rare-egress:local --help
# The image runs one command of the jar; the default is the detector (`run`) reading
# /etc/rare-egress/rare-egress.properties, which RARE_EGRESS_* environment variables override.

# ---- build stage: the same command CI and developers use, so the image holds the jar they test ----
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /build
# .dockerignore lets only pom.xml, src/main and topics/ in: no target/, .git, .env or test data.
COPY . .
# The cache mount keeps ~/.m2 between builds without baking the repository into a layer.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -q -B -DskipTests package \
 && test -s target/rare-egress-slim.jar

# ---- runtime stage: a JRE only, no Maven, no JDK, no build tools ----
# Pinned to a patch release so that a rebuild is reproducible: move it on with each quarterly JDK 17
# update (security fixes land there, and an old pin keeps known vulnerabilities).
FROM eclipse-temurin:17.0.20.1_1-jre-noble

ARG RARE_EGRESS_UID=10001
LABEL org.opencontainers.image.title="rare-egress" \
      org.opencontainers.image.description="Real-time detector of rare outbound IPv4 connections, on Kafka Streams" \
      org.opencontainers.image.licenses="Apache-2.0"

# A fixed numeric UID/GID, so Kubernetes can check runAsNonRoot and fsGroup matches volume ownership.
# /var/lib/rare-egress is created owned by that user before VOLUME, so a fresh named volume inherits
# the ownership; the jar and the config stay root-owned and read-only for the process.
RUN groupadd --system --gid "${RARE_EGRESS_UID}" rare-egress \
 && useradd --system --uid "${RARE_EGRESS_UID}" --gid rare-egress --no-create-home \
        --home-dir /var/lib/rare-egress --shell /usr/sbin/nologin rare-egress \
 && mkdir -p /opt/rare-egress /etc/rare-egress /var/lib/rare-egress/state \
 && chown -R "${RARE_EGRESS_UID}:${RARE_EGRESS_UID}" /var/lib/rare-egress

# The slim jar: every command the image runs (run, topics, simulate, replay, backtest), without the in-JVM
# broker of `demo` (kafka_2.13, kafka-server, Scala) or `bench`; they say so if asked for. Installed under the
# usual name, so the entry point, the compose file and the chart do not change.
COPY --from=build /build/target/rare-egress-slim.jar /opt/rare-egress/rare-egress.jar
COPY deploy/docker/rare-egress.properties /etc/rare-egress/rare-egress.properties

USER 10001:10001
WORKDIR /var/lib/rare-egress
# RocksDB state (kafka.state.dir=/var/lib/rare-egress/state): keep it across container restarts so a
# restart resumes from local state instead of replaying the changelog topics.
VOLUME ["/var/lib/rare-egress"]
# http.port: /live, /ready, /metrics, /rare-processes; http.probe-port: /live, /ready alone.
EXPOSE 8080 8081

# The JRE image has no curl or wget. bash's /dev/tcp speaks enough HTTP/1.0 to read the status
# line of /live (on the probe port, which no client of http.port can crowd out), with no extra
# package and no second JVM per check. Only `run` serves HTTP: the
# compose file disables this check for the one-shot `topics` and the `simulate` services, and
# Kubernetes ignores HEALTHCHECK (the chart has its own probes).
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=4 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${RARE_EGRESS_HTTP_PROBE_PORT:-8081} && printf 'GET /live HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && IFS= read -r -t 4 status <&3 && [[ $status == *' 200 '* ]]"]

# Container-aware JVM flags:
#  - MaxRAMPercentage=50: half the memory limit for the heap; RocksDB's block cache, memtables and
#    the JNI library live outside the heap and need the rest.
#  - ExitOnOutOfMemoryError: die and let the orchestrator restart us, instead of limping on.
#  - java.io.tmpdir=/tmp: RocksDB and zstd extract their native libraries there; with a read-only
#    root filesystem /tmp is the one writable (and exec-able) scratch mount.
# Add flags without rebuilding through JAVA_TOOL_OPTIONS (the JVM reads it; the chart sets it).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50.0", "-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8", "-Djava.io.tmpdir=/tmp", "-jar", "/opt/rare-egress/rare-egress.jar"]
CMD ["run", "--config", "/etc/rare-egress/rare-egress.properties"]
