# The embedded mode: every service in one process.
# Build from the repository root: docker build -f docker/standalone.Dockerfile -t lamini/standalone .
# The build stage compiles the app to JavaScript (`nx run standalone:build`: dist/apps/standalone, with a
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
RUN npx nx run standalone:build
WORKDIR /app/dist/apps/standalone
# The app's production packages at the versions of its pruned lockfile, less what it never loads
# (other platforms' binaries: tools/build/native-packages.cjs).
RUN npm install --omit=dev --no-audit --no-fund && node /app/tools/build/prune-unused.cjs node_modules

FROM node:20-bookworm-slim
ENV NODE_ENV=production UV_THREADPOOL_SIZE=1
WORKDIR /app
COPY --from=build /app/dist/apps/standalone ./
# The code is root's and read-only; the default LAMINI_DATA_DIR (./data) is the process's.
RUN mkdir data && chown node:node data
USER node
EXPOSE 5001
CMD ["node", "main.js"]
