# The embedding service on onnxruntime-node and node-llama-cpp (probes on 8080).
# Build from the repository root: docker build -f docker/embedding.Dockerfile -t lamini/embedding .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc prisma.config.ts ./
COPY prisma ./prisma
COPY tools/prisma-generate.cjs ./tools/
COPY libs ./libs
# postinstall generates the Prisma client into libs/persistence; then dev tools are dropped.
RUN npm install --no-audit --no-fund && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/libs ./libs
COPY prisma ./prisma
COPY apps ./apps
COPY package.json tsconfig.base.json tsconfig.json ./
COPY tools/register.cjs ./tools/
# TypeScript is compiled on load by swc, the same compiler the tests use.
USER node
EXPOSE 8080
CMD ["node", "-r", "./tools/register.cjs", "apps/embedding/src/main.ts"]
