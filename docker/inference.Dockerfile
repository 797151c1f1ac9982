# The inference service on node-llama-cpp (probes on 8080).
# Build from the repository root: docker build -f docker/inference.Dockerfile -t lamini/inference .
FROM node:20-bookworm-slim AS build
# llama.cpp is compiled below (npm run engine:build): measured on 2 cores, a decode of 8
# sequences took 47-57 ms with this build of every CPU level and 69-74 ms with node-llama-cpp's
# prebuilt binary. git clones the sources node-llama-cpp ships; nothing is downloaded.
RUN apt-get update && apt-get install -y --no-install-recommends cmake ninja-build g++ git && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc prisma.config.ts ./
COPY prisma ./prisma
COPY tools/prisma-generate.cjs ./tools/
COPY tools/engine ./tools/engine
COPY libs ./libs
# Every x86-64 CPU level, as the prebuilt has, so the image runs on any node. node-llama-cpp
# finds its build by these options, so the runtime stage sets them too.
ENV NODE_LLAMA_CPP_CMAKE_OPTION_GGML_NATIVE=OFF NODE_LLAMA_CPP_CMAKE_OPTION_GGML_CPU_ALL_VARIANTS=ON NODE_LLAMA_CPP_CMAKE_OPTION_GGML_BACKEND_DL=ON
# postinstall generates the Prisma client into libs/persistence; then the llama.cpp sources and
# dev tools are dropped.
RUN npm install --no-audit --no-fund && npm run engine:build && rm -rf node_modules/node-llama-cpp/llama/llama.cpp && npm prune --omit=dev

FROM node:20-bookworm-slim
# The local llama.cpp build uses OpenMP.
RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production UV_THREADPOOL_SIZE=1
ENV NODE_LLAMA_CPP_CMAKE_OPTION_GGML_NATIVE=OFF NODE_LLAMA_CPP_CMAKE_OPTION_GGML_CPU_ALL_VARIANTS=ON NODE_LLAMA_CPP_CMAKE_OPTION_GGML_BACKEND_DL=ON
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
CMD ["node", "-r", "./tools/register.cjs", "apps/inference/src/main.ts"]
