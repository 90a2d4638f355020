/** How the Elasticsearch backend reaches its cluster: flags win over the environment, then defaults. */
export interface ElasticsearchConfig {
  url: string;
  username?: string;
  password?: string;
  apiKey?: string;
  /** PEM file of the CA that signed the cluster's certificate (TLS with a private CA). */
  caFile?: string;
  /** Aliases are `<prefix>-reviews` and `<prefix>-passages`; the indices behind them are versioned. */
  indexPrefix: string;
  /** A search slower than this fails as unavailable rather than holding the request open. */
  requestTimeoutMs: number;
  /** Bulk attempts after the first, with exponential backoff from retryBackoffMs. */
  bulkRetries: number;
  retryBackoffMs: number;
}

export const DEFAULT_ELASTICSEARCH_CONFIG: ElasticsearchConfig = {
  url: 'http://127.0.0.1:9200',
  indexPrefix: 'scr',
  requestTimeoutMs: 5000,
  bulkRetries: 3,
  retryBackoffMs: 500,
};

function numberFrom(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`not a non-negative number: "${value}"`);
  return n;
}

const defined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;

export function elasticsearchConfig(
  overrides: Partial<ElasticsearchConfig> = {},
  env: NodeJS.ProcessEnv = process.env,
): ElasticsearchConfig {
  const fromEnv = defined({
    url: env.ES_URL,
    username: env.ES_USERNAME,
    password: env.ES_PASSWORD,
    apiKey: env.ES_API_KEY,
    caFile: env.ES_CA_FILE,
    indexPrefix: env.ES_INDEX_PREFIX,
    requestTimeoutMs: numberFrom(env.ES_REQUEST_TIMEOUT_MS),
    bulkRetries: numberFrom(env.ES_BULK_RETRIES),
    retryBackoffMs: numberFrom(env.ES_RETRY_BACKOFF_MS),
  });
  const config = { ...DEFAULT_ELASTICSEARCH_CONFIG, ...fromEnv, ...defined(overrides) };
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(config.indexPrefix)) {
    throw new Error(`ES index prefix "${config.indexPrefix}" must be lower-case letters, digits, "-" or "_"`);
  }
  if (config.username && !config.password) throw new Error('ES_USERNAME needs ES_PASSWORD');
  return config;
}
