# The trainer (probes on 8080). It trains on node-llama-cpp's prebuilt llama.cpp libraries
# (@node-llama-cpp/linux-x64), called through koffi: nothing is compiled, here or at install.
# Build from the repository root: docker build -f docker/trainer.Dockerfile -t lamini/trainer .
# The build stage compiles the app to JavaScript (`nx run trainer:build`: dist/apps/trainer, with a
# package.json and lockfile of only the packages it imports) and installs those packages; the
# image is that folder alone, run by plain node.
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
RUN npx nx run trainer:build
WORKDIR /app/dist/apps/trainer
# The app's production packages at the versions of its pruned lockfile, less what it never loads
# (other platforms' binaries: tools/build/native-packages.cjs).
RUN npm install --omit=dev --no-audit --no-fund && node /app/tools/build/prune-unused.cjs node_modules

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/dist/apps/trainer ./
# The code is root's and read-only; the default LAMINI_DATA_DIR (./data) is the process's.
RUN mkdir data && chown node:node data
USER node
EXPOSE 8080
CMD ["node", "main.js"]
