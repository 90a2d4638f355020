package org.casereview.esnode.plugin;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.LowerCaseFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.elasticsearch.common.regex.Regex;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.PreConfiguredTokenFilter;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The components of Elasticsearch's analysis-common module that the product's index settings use
 * (search/elasticsearch/mappings.ts), under their Elasticsearch names and settings, on the same
 * Lucene classes: one line each. The server itself has the {@code standard} tokenizer and the
 * {@code stop}, {@code shingle} and (by name) {@code lowercase} filters. An index naming anything
 * else from analysis-common fails to be created here ("unknown filter type"), as it would on a
 * cluster without that module, so a mapping that needs a new component fails its tests until the
 * component is added below.
 */
final class AnalysisComponents {
    private AnalysisComponents() {}

    /** Token filter types, used as {@code {"type": NAME, ...settings}}. */
    static final Map<String, AnalysisProvider<TokenFilterFactory>> TOKEN_FILTERS = Map.of(
        "stemmer", (is, env, name, s) -> filter(name, stemmer(name, s)),
        "lowercase", (is, env, name, s) -> normalizing(name, lowerCase(name, s)),
        "asciifolding", (is, env, name, s) -> asciiFolding(name, s.getAsBoolean("preserve_original", false))
    );

    /** Tokenizer types, used as {@code {"type": NAME, ...settings}}. */
    static final Map<String, AnalysisProvider<TokenizerFactory>> TOKENIZERS = Map.of(
        "pattern", (is, env, name, s) -> pattern(name, s)
    );

    /** As analysis-common's: the text split where {@code pattern} matches (or, with {@code group}, that group's matches). */
    private static TokenizerFactory pattern(String name, Settings s) {
        java.util.regex.Pattern pattern = Regex.compile(s.get("pattern", "\\W+"), s.get("flags"));
        int group = s.getAsInt("group", -1);
        return TokenizerFactory.newFactory(name, () -> new PatternTokenizer(pattern, group));
    }

    /** Token filters used by name alone, without settings ({@code lowercase} is the server's own). */
    static final List<PreConfiguredTokenFilter> PRE_CONFIGURED_TOKEN_FILTERS = List.of(
        PreConfiguredTokenFilter.singleton("asciifolding", true, ASCIIFoldingFilter::new)
    );

    /** The {@code stemmer} filter's languages. Elasticsearch's default, {@code porter}, is its {@code english}. */
    private static final Map<String, Function<TokenStream, TokenStream>> STEMMERS = Map.of(
        "english", PorterStemFilter::new,
        "porter", PorterStemFilter::new
    );

    private static Function<TokenStream, TokenStream> stemmer(String name, Settings s) {
        String language = s.get("language", s.get("name", "porter"));
        Function<TokenStream, TokenStream> stemmer = STEMMERS.get(language);
        if (stemmer == null) {
            throw new IllegalArgumentException("stemmer [" + name + "]: language [" + language
                + "] is not on the test node, which has " + new TreeSet<>(STEMMERS.keySet()) + " (scripts/es/README.md)");
        }
        return stemmer;
    }

    private static Function<TokenStream, TokenStream> lowerCase(String name, Settings s) {
        String language = s.get("language");
        if (language != null) {
            throw new IllegalArgumentException("lowercase [" + name + "]: language [" + language
                + "] is not on the test node, which lower-cases without a language (scripts/es/README.md)");
        }
        return LowerCaseFilter::new;
    }

    private static TokenFilterFactory filter(String name, Function<TokenStream, TokenStream> f) {
        return new AbstractTokenFilterFactory(name) {
            @Override
            public TokenStream create(TokenStream ts) {
                return f.apply(ts);
            }
        };
    }

    /** Also allowed in a keyword field's normalizer. */
    private static TokenFilterFactory normalizing(String name, Function<TokenStream, TokenStream> f) {
        return new Normalizing(name, f, f);
    }

    /**
     * Keeping the original beside the folded token puts two tokens at one position, which a
     * normalizer cannot take: it gets the folded token alone, as in Elasticsearch.
     */
    private static TokenFilterFactory asciiFolding(String name, boolean preserveOriginal) {
        Function<TokenStream, TokenStream> folded = ASCIIFoldingFilter::new;
        if (!preserveOriginal) return normalizing(name, folded);
        return new Normalizing(name, ts -> new ASCIIFoldingFilter(ts, true), folded);
    }

    private static final class Normalizing extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final Function<TokenStream, TokenStream> create;
        private final Function<TokenStream, TokenStream> single;

        Normalizing(String name, Function<TokenStream, TokenStream> create, Function<TokenStream, TokenStream> single) {
            super(name);
            this.create = create;
            this.single = single;
        }

        @Override
        public TokenStream create(TokenStream ts) {
            return create.apply(ts);
        }

        @Override
        public TokenStream normalize(TokenStream ts) {
            return single.apply(ts);
        }
    }
}
