# The inference service for GPU nodes: the same app on the CUDA runtime, where node-llama-cpp's
# CUDA prebuilt finds the GPU and offloads (INFERENCE_GPU=auto). Probes on 8080.
# Build from the repository root: docker build -f docker/inference-cuda.Dockerfile -t lamini/inference-cuda .
# The build stage compiles the app (`nx run inference:build:cuda`: dist/apps/inference, with a
# package.json and lockfile of only the packages it imports) and installs those packages; the
# image is that folder alone, run by plain node. Its llama.cpp prebuilts: @node-llama-cpp/
# linux-x64-cuda, linux-x64-cuda-ext (whose libggml-cuda links CUDA 12, as this base image has;
# linux-x64-cuda's links CUDA 13) and linux-x64 as the CPU fallback; no Vulkan or ARM build.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc prisma.config.ts ./
COPY prisma ./prisma
COPY tools/prisma-generate.cjs ./tools/
# Every package, for the build; postinstall generates the Prisma client into libs/persistence.
RUN npm install --no-audit --no-fund
COPY nx.json tsconfig.base.json tsconfig.json ./
COPY tools ./tools
COPY libs ./libs
COPY apps ./apps
RUN npx nx run inference:build:cuda
WORKDIR /app/dist/apps/inference
# The app's production packages at the versions of its pruned lockfile, less what it never loads
# (other platforms' binaries: tools/build/native-packages.cjs).
RUN npm install --omit=dev --no-audit --no-fund && node /app/tools/build/prune-unused.cjs node_modules

FROM node:20-bookworm-slim AS node

FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04
ENV NODE_ENV=production UV_THREADPOOL_SIZE=1
# Node's official binary needs only glibc 2.28, which this image exceeds.
COPY --from=node /usr/local/bin/node /usr/local/bin/node
RUN useradd --uid 1000 --create-home node
WORKDIR /app
COPY --from=build /app/dist/apps/inference ./
# The code is root's and read-only; the default LAMINI_DATA_DIR (./data) is the process's.
RUN mkdir data && chown node:node data
USER node
EXPOSE 8080
CMD ["node", "main.js"]
