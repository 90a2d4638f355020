# The app image: the API and the portal, built from this repository.
# Used by docker-compose.yml, where it talks to Elasticsearch; see README.md ("Elasticsearch").

FROM node:24-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary fits this platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Install scripts wait until the sources are in (the "prepare" script builds them).
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3
COPY . .
RUN npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    SCR_DATA_DIR=/data \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
# OCR for scanned reports (Tesseract with English) and page images for editors (poppler's pdftoppm).
RUN apt-get update \
 && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng poppler-utils \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/bin bin
COPY --from=build /app/dist dist
COPY --from=build /app/taxonomy/themes.yaml taxonomy/themes.yaml
COPY --from=build /app/taxonomy/search-terms.yaml taxonomy/search-terms.yaml
COPY --from=build /app/model/partnerships.csv model/partnerships.csv
# The store of record lives on a volume; made here so a new volume is owned by the app's user.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:3000/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "bin/scr.js", "serve", "--host", "0.0.0.0", "--backend", "elasticsearch"]
