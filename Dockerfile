# syntax=docker/dockerfile:1
# branchbot in a container: a static binary on distroless, as a non-root
# user, the database on a volume. See README, "Running it as a service".
#
#   docker build --build-arg VERSION=$(git describe --tags --always) \
#                --build-arg COMMIT=$(git rev-parse HEAD) -t branchbot .

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
ARG COMMIT=unknown
# .git is not in the build context, so the commit comes as an argument.
RUN CGO_ENABLED=0 go build -trimpath -buildvcs=false \
      -ldflags "-s -w -X main.version=${VERSION} -X main.commit=${COMMIT}" \
      -o /out/branchbot ./cmd/branchbot \
 && /out/branchbot version \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/branchbot /usr/local/bin/branchbot
# The database, its admin socket and the backups; owned by nonroot (65532).
COPY --from=build --chown=65532:65532 /out/data /data
VOLUME /data
WORKDIR /data
USER 65532:65532
# The configuration is mounted at /etc/branchbot/config.yaml; it sets
# storage.path: /data/branchbot.db and ops.listen: 127.0.0.1:9090.
ENTRYPOINT ["/usr/local/bin/branchbot"]
CMD ["run", "-config", "/etc/branchbot/config.yaml"]
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["/usr/local/bin/branchbot", "healthcheck", "-url", "http://127.0.0.1:9090/healthz"]
