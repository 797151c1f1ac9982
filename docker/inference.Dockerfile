# The inference service on node-llama-cpp (probes on 8080).
# Build from the repository root: docker build -f docker/inference.Dockerfile -t lamini/inference .
# The build stage compiles llama.cpp and the app (`nx run inference:build`: dist/apps/inference,
# with a package.json and lockfile of only the packages it imports) and installs those packages;
# the image is that folder alone, run by plain node.
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
# Every x86-64 CPU level, as the prebuilt has, so the image runs on any node. node-llama-cpp
# finds its build by these options, so the runtime stage sets them too.
ENV NODE_LLAMA_CPP_CMAKE_OPTION_GGML_NATIVE=OFF NODE_LLAMA_CPP_CMAKE_OPTION_GGML_CPU_ALL_VARIANTS=ON NODE_LLAMA_CPP_CMAKE_OPTION_GGML_BACKEND_DL=ON
# Every package, for the build; postinstall generates the Prisma client into libs/persistence.
# The engine is built before the sources are copied, so a code change does not rebuild it.
RUN npm install --no-audit --no-fund && npm run engine:build
COPY nx.json tsconfig.base.json tsconfig.json ./
COPY tools ./tools
COPY libs ./libs
COPY apps ./apps
RUN npx nx run inference:build
WORKDIR /app/dist/apps/inference
# The app's production packages at the versions of its pruned lockfile (with the prebuilt
# @node-llama-cpp/linux-x64 as node-llama-cpp's fallback), the local llama.cpp build without its
# cmake tree, less what it never loads (other platforms' binaries: tools/build/native-packages.cjs).
RUN npm install --omit=dev --no-audit --no-fund \
  && node /app/tools/build/carry-engine-build.cjs node_modules \
  && node /app/tools/build/prune-unused.cjs node_modules

FROM node:20-bookworm-slim
# The local llama.cpp build uses OpenMP.
RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production UV_THREADPOOL_SIZE=1
ENV NODE_LLAMA_CPP_CMAKE_OPTION_GGML_NATIVE=OFF NODE_LLAMA_CPP_CMAKE_OPTION_GGML_CPU_ALL_VARIANTS=ON NODE_LLAMA_CPP_CMAKE_OPTION_GGML_BACKEND_DL=ON
WORKDIR /app
COPY --from=build /app/dist/apps/inference ./
# The code is root's and read-only; the default LAMINI_DATA_DIR (./data) is the process's.
RUN mkdir data && chown node:node data
USER node
EXPOSE 8080
CMD ["node", "main.js"]
