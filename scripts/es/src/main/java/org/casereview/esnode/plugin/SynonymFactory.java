package org.casereview.esnode.plugin;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymFilter;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.util.CharsRef;
import org.apache.lucene.util.CharsRefBuilder;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexService.IndexCreationContext;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalysisMode;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.List;
import java.util.function.Function;

/**
 * {@code synonym} and {@code synonym_graph} token filters.
 *
 * <p>Settings as in Elasticsearch: {@code synonyms} (inline rules) or {@code synonyms_path} (file under config/),
 * in the Solr format, {@code expand} (default true), {@code lenient} (default false), {@code updateable}
 * (search-time only; reloading is not supported here). Rules are analysed with the tokenizer, char filters and
 * preceding token filters of the analyzer the filter is used in, as ES does. The WordNet format and
 * {@code synonyms_set} (the synonyms API) are not on the test node.
 */
final class SynonymFactory extends AbstractTokenFilterFactory {

    private final boolean graph;
    private final List<String> rules;
    private final boolean expand;
    private final boolean lenient;
    private final boolean updateable;

    SynonymFactory(Environment env, String name, Settings settings, boolean graph) {
        super(name);
        this.graph = graph;
        if (settings.get("synonyms_set") != null) {
            throw new IllegalArgumentException("[" + name + "]: synonyms_set is not supported by the embedded test node; use synonyms or synonyms_path");
        }
        if (settings.get("synonyms") == null && settings.get("synonyms_path") == null && settings.getAsList("synonyms").isEmpty()) {
            throw new IllegalArgumentException("synonym requires either `synonyms`, `synonyms_set` or `synonyms_path` to be configured");
        }
        if ("wordnet".equalsIgnoreCase(settings.get("format"))) {
            throw new IllegalArgumentException("[" + name + "]: the wordnet synonym format is not on the embedded test node; use solr");
        }
        this.rules = Analysis.getWordList(env, settings, "synonyms");
        this.expand = settings.getAsBoolean("expand", true);
        this.lenient = settings.getAsBoolean("lenient", false);
        this.updateable = settings.getAsBoolean("updateable", false);
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        throw new IllegalStateException("synonym filter [" + name() + "] must be specialised for an analysis chain first");
    }

    @Override
    public AnalysisMode getAnalysisMode() {
        return updateable ? AnalysisMode.SEARCH_TIME : AnalysisMode.ALL;
    }

    @Override
    public TokenFilterFactory getChainAwareTokenFilterFactory(
        IndexCreationContext context,
        TokenizerFactory tokenizer,
        List<CharFilterFactory> charFilters,
        List<TokenFilterFactory> previousTokenFilters,
        Function<String, TokenFilterFactory> allFilters
    ) {
        Analyzer ruleAnalyzer = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer source = tokenizer.create();
                TokenStream ts = source;
                for (TokenFilterFactory f : previousTokenFilters) {
                    ts = f.getSynonymFilter().create(ts);
                }
                return new TokenStreamComponents(source, ts);
            }

            @Override
            protected Reader initReader(String fieldName, Reader reader) {
                for (CharFilterFactory cf : charFilters) {
                    reader = cf.create(reader);
                }
                return reader;
            }
        };
        final SynonymMap map;
        try {
            SynonymMap.Parser parser = new LenientSolr(expand, lenient, ruleAnalyzer);
            parser.parse(new StringReader(String.join("\n", rules)));
            map = parser.build();
        } catch (Exception e) {
            throw new IllegalArgumentException("failed to build synonyms for [" + name() + "]: " + e.getMessage(), e);
        } finally {
            ruleAnalyzer.close();
        }
        final String name = name();
        final boolean isGraph = graph;
        final AnalysisMode mode = getAnalysisMode();
        return new AbstractTokenFilterFactory(name) {
            @Override
            public TokenStream create(TokenStream ts) {
                if (map.fst == null) {
                    return ts; // no rules
                }
                return isGraph ? new SynonymGraphFilter(ts, map, false) : new SynonymFilter(ts, map, false);
            }

            @Override
            public TokenFilterFactory getSynonymFilter() {
                // a later synonym filter parses its rules without applying this one, like ES
                return IDENTITY_FILTER;
            }

            @Override
            public AnalysisMode getAnalysisMode() {
                return mode;
            }
        };
    }

    @Override
    public TokenFilterFactory getSynonymFilter() {
        return IDENTITY_FILTER;
    }

    private static final class LenientSolr extends SolrSynonymParser {
        private final boolean lenient;

        LenientSolr(boolean expand, boolean lenient, Analyzer analyzer) {
            super(true, expand, analyzer);
            this.lenient = lenient;
        }

        @Override
        public void add(CharsRef input, CharsRef output, boolean includeOrig) {
            if (lenient && (input.length == 0 || output.length == 0)) {
                return;
            }
            super.add(input, output, includeOrig);
        }

        @Override
        public CharsRef analyze(String text, CharsRefBuilder reuse) throws IOException {
            try {
                return super.analyze(text, reuse);
            } catch (IllegalArgumentException e) {
                if (lenient) {
                    reuse.clear();
                    return reuse.get();
                }
                throw e;
            }
        }
    }
}
