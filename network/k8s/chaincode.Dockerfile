# Image of one Scenechain chaincode run as a service (network/k8s/07-chaincode-servers.yaml expects it as
# scenechain/<chaincode>:<version>). Build from the repository root, e.g.
#   docker build -f network/k8s/chaincode.Dockerfile --build-arg CHAINCODE=supply-chain -t scenechain/supply-chain:1.0 .
# The Deployment runs `node /scenechain/node_modules/fabric-shim/cli.js server --module-path
# /scenechain/chaincode/<chaincode>`, as the Docker runtime of scripts/network.sh does with the repository mounted.
FROM node:20-bookworm-slim AS build
ARG CHAINCODE
WORKDIR /scenechain
COPY . .
# No install scripts: the chaincode needs no native module (better-sqlite3 belongs to the dev network).
RUN test -n "$CHAINCODE" && test -f "chaincode/$CHAINCODE/package.json" \
  && npm ci --ignore-scripts \
  && npx tsc -b "chaincode/$CHAINCODE" \
  && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
WORKDIR /scenechain
COPY --from=build /scenechain/package.json ./package.json
COPY --from=build /scenechain/node_modules ./node_modules
COPY --from=build /scenechain/chaincode ./chaincode
USER node
