import { DEFAULT_ELASTICSEARCH_CONFIG, elasticsearchConfig } from './config';

describe('elasticsearch config', () => {
  it('reads the environment, and flags win over it', () => {
    const env = { ES_URL: 'https://es.internal:9200', ES_API_KEY: 'k', ES_CA_FILE: '/ca.pem', ES_REQUEST_TIMEOUT_MS: '2500' };
    expect(elasticsearchConfig({}, env)).toMatchObject({ url: 'https://es.internal:9200', apiKey: 'k', caFile: '/ca.pem', requestTimeoutMs: 2500 });
    expect(elasticsearchConfig({ url: 'http://other:9200', caFile: undefined }, env)).toMatchObject({ url: 'http://other:9200', caFile: '/ca.pem' });
    expect(elasticsearchConfig({}, {})).toEqual(DEFAULT_ELASTICSEARCH_CONFIG);
  });

  it('rejects a user without a password, a bad prefix and a bad number', () => {
    expect(() => elasticsearchConfig({}, { ES_USERNAME: 'elastic' })).toThrow(/ES_PASSWORD/);
    expect(() => elasticsearchConfig({ indexPrefix: 'Bad*Prefix' }, {})).toThrow(/prefix/);
    expect(() => elasticsearchConfig({}, { ES_REQUEST_TIMEOUT_MS: 'soon' })).toThrow(/number/);
  });
});
