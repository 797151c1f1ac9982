# The classifier service (probes on 8080): projects, head training and classification; it embeds
# and generates through the embedding and inference services.
# Build from the repository root: docker build -f docker/classifier.Dockerfile -t lamini/classifier .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc prisma.config.ts ./
COPY prisma ./prisma
COPY tools/prisma-generate.cjs ./tools/
COPY libs ./libs
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
USER node
EXPOSE 8080
CMD ["node", "-r", "./tools/register.cjs", "apps/classifier/src/main.ts"]
