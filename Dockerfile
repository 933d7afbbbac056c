# certflow: CLI, Argo CD CMP sidecar image and (later) controller image.
#   docker build -t ghcr.io/certflow/certflow:0.1.0 .
# The Argo CD sidecar runs it as user 999 with /var/run/argocd/argocd-cmp-server as
# its command (plugin/argocd/repo-server-patch.yaml); on its own the image runs the
# certflow CLI.

ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: the "node" devDependency would download a second Node binary;
# the image already has Node 24 and the build only needs tsc.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY api ./api
COPY cli ./cli
COPY controller ./controller
COPY kustomize ./kustomize
COPY lib ./lib
COPY plugin ./plugin
COPY test/harness ./test/harness
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE}
# NODE_COMPILE_CACHE: V8 keeps compiled code between generate runs (the sidecar's /tmp
# lives as long as the Pod), which halves a warm `cmp generate`.
ENV NODE_ENV=production \
    HOME=/tmp \
    NODE_COMPILE_CACHE=/tmp/certflow-compile-cache
WORKDIR /opt/certflow
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY bin ./bin
# Baked-in default plugin config; the sidecar patch mounts the ConfigMap over it.
COPY plugin/plugin.yaml /home/argocd/cmp-server/config/plugin.yaml
RUN ln -s /opt/certflow/bin/certflow /usr/local/bin/certflow \
 && chmod 0755 /opt/certflow/bin/certflow
# Argo CD's sidecar contract: run as uid 999 (runAsNonRoot needs a numeric user).
USER 999:999
ENTRYPOINT ["/opt/certflow/bin/certflow"]
CMD ["--help"]
