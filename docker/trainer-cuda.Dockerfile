# The trainer for GPU nodes: the same app on the CUDA runtime, where node-llama-cpp's
# CUDA prebuilt (@node-llama-cpp/linux-x64-cuda, installed with the other platform packages)
# is the library the trainer's binding loads (TRAIN_GPU=auto). Probes on 8080.
# Build from the repository root: docker build -f docker/trainer-cuda.Dockerfile -t lamini/trainer-cuda .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc prisma.config.ts ./
COPY prisma ./prisma
COPY tools/prisma-generate.cjs ./tools/
COPY libs ./libs
RUN npm install --no-audit --no-fund && npm prune --omit=dev

FROM node:20-bookworm-slim AS node

FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04
ENV NODE_ENV=production
# Node's official binary needs only glibc 2.28, which this image exceeds.
COPY --from=node /usr/local/bin/node /usr/local/bin/node
RUN useradd --uid 1000 --create-home node
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/libs ./libs
COPY prisma ./prisma
COPY apps ./apps
COPY package.json tsconfig.base.json tsconfig.json ./
COPY tools/register.cjs ./tools/
USER node
EXPOSE 8080
CMD ["node", "-r", "./tools/register.cjs", "apps/trainer/src/main.ts"]
