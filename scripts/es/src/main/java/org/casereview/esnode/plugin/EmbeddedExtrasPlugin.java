package org.casereview.esnode.plugin;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.charfilter.HTMLStripCharFilter;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.classic.ClassicFilter;
import org.apache.lucene.analysis.classic.ClassicTokenizer;
import org.apache.lucene.analysis.core.DecimalDigitFilter;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.LetterTokenizer;
import org.apache.lucene.analysis.core.LowerCaseFilter;
import org.apache.lucene.analysis.core.UpperCaseFilter;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.el.GreekLowerCaseFilter;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.ga.IrishLowerCaseFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.KeepWordFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.miscellaneous.LimitTokenCountFilter;
import org.apache.lucene.analysis.miscellaneous.PatternKeywordMarkerFilter;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.miscellaneous.SetKeywordMarkerFilter;
import org.apache.lucene.analysis.miscellaneous.StemmerOverrideFilter;
import org.apache.lucene.analysis.miscellaneous.TrimFilter;
import org.apache.lucene.analysis.miscellaneous.TruncateTokenFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.analysis.path.PathHierarchyTokenizer;
import org.apache.lucene.analysis.path.ReversePathHierarchyTokenizer;
import org.apache.lucene.analysis.pattern.PatternReplaceCharFilter;
import org.apache.lucene.analysis.pattern.PatternReplaceFilter;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.apache.lucene.analysis.reverse.ReverseStringFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.tr.ApostropheFilter;
import org.apache.lucene.analysis.tr.TurkishLowerCaseFilter;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.apache.lucene.util.Version;
import org.elasticsearch.Build;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.index.analysis.AbstractCharFilterFactory;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.NormalizingCharFilterFactory;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.PreBuiltAnalyzerProviderFactory;
import org.elasticsearch.index.analysis.PreConfiguredCharFilter;
import org.elasticsearch.index.analysis.PreConfiguredTokenFilter;
import org.elasticsearch.index.analysis.PreConfiguredTokenizer;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.indices.analysis.PreBuiltCacheFactory.CachingStrategy;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;

import java.io.Reader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test-node stand-in for two Elasticsearch modules that Elastic does not publish to Maven Central.
 *
 * <ul>
 *   <li>analysis-common: the {@code english} analyzer and common token filters / tokenizers / char filters,
 *       registered under their Elasticsearch names and built on the same Lucene classes.</li>
 *   <li>rest-root: {@code GET /} and {@code HEAD /} (used by client.info() and client.ping()).</li>
 * </ul>
 * Anything not listed here (other language analyzers, phonetic, icu, ...) is unavailable on the test node.
 */
public class EmbeddedExtrasPlugin extends Plugin implements AnalysisPlugin, ActionPlugin {

    private final AtomicReference<ClusterService> clusterService = new AtomicReference<>();

    @Override
    public Collection<?> createComponents(PluginServices services) {
        clusterService.set(services.clusterService());
        return List.of();
    }

    // ---------------------------------------------------------------- rest-root

    @Override
    public Collection<RestHandler> getRestHandlers(
        RestHandlersServices services,
        Supplier<DiscoveryNodes> nodesInCluster,
        Predicate<NodeFeature> clusterSupportsFeature
    ) {
        return List.of(new RootAction(clusterService));
    }

    static final class RootAction extends BaseRestHandler {
        private final AtomicReference<ClusterService> clusterService;

        RootAction(AtomicReference<ClusterService> clusterService) {
            this.clusterService = clusterService;
        }

        @Override
        public String getName() {
            return "casereview_main_action";
        }

        @Override
        public List<Route> routes() {
            return List.of(new Route(RestRequest.Method.GET, "/"), new Route(RestRequest.Method.HEAD, "/"));
        }

        @Override
        protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
            return channel -> {
                ClusterService cs = clusterService.get();
                Build build = Build.current();
                XContentBuilder b = channel.newBuilder();
                b.startObject();
                b.field("name", cs.localNode().getName());
                b.field("cluster_name", cs.getClusterName().value());
                b.field("cluster_uuid", cs.state().metadata().clusterUUID());
                b.startObject("version")
                    .field("number", build.qualifiedVersion())
                    .field("build_flavor", build.flavor())
                    .field("build_type", build.type().displayName())
                    .field("build_hash", build.hash())
                    .field("build_date", build.date())
                    .field("build_snapshot", build.isSnapshot())
                    .field("lucene_version", Version.LATEST.toString())
                    .field("minimum_wire_compatibility_version", build.minWireCompatVersion())
                    .field("minimum_index_compatibility_version", build.minIndexCompatVersion())
                    .endObject();
                b.field("tagline", "You Know, for Search");
                b.endObject();
                channel.sendResponse(new RestResponse(RestStatus.OK, b));
            };
        }
    }

    // ---------------------------------------------------------------- analyzers

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> m = new TreeMap<>();
        m.put("english", (is, env, name, s) -> new AbstractIndexAnalyzerProvider<EnglishAnalyzer>(name) {
            private final EnglishAnalyzer analyzer = new EnglishAnalyzer(
                Analysis.parseStopWords(env, s, EnglishAnalyzer.getDefaultStopSet()),
                Analysis.parseStemExclusion(s, CharArraySet.EMPTY_SET)
            );

            @Override
            public EnglishAnalyzer get() {
                return analyzer;
            }
        });
        return m;
    }

    @Override
    public List<PreBuiltAnalyzerProviderFactory> getPreBuiltAnalyzerProviderFactories() {
        return List.of(new PreBuiltAnalyzerProviderFactory("english", CachingStrategy.LUCENE, EnglishAnalyzer::new));
    }

    // ---------------------------------------------------------------- token filters

    /** Token filter without settings-dependent behaviour beyond the given function. */
    private static TokenFilterFactory filter(String name, Function<TokenStream, TokenStream> f) {
        return new AbstractTokenFilterFactory(name) {
            @Override
            public TokenStream create(TokenStream ts) {
                return f.apply(ts);
            }
        };
    }

    /** Token filter that is also allowed in normalizers (keyword fields). */
    private static TokenFilterFactory normalizing(String name, Function<TokenStream, TokenStream> f) {
        return new NormalizingFilter(name, f);
    }

    private static final class NormalizingFilter extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final Function<TokenStream, TokenStream> f;

        NormalizingFilter(String name, Function<TokenStream, TokenStream> f) {
            super(name);
            this.f = f;
        }

        @Override
        public TokenStream create(TokenStream ts) {
            return f.apply(ts);
        }
    }

    /** Filters that emit several tokens per position cannot be used to analyse synonym rules (ES behaviour). */
    private static TokenFilterFactory noSynonymParsing(String name, Function<TokenStream, TokenStream> f) {
        return new AbstractTokenFilterFactory(name) {
            @Override
            public TokenStream create(TokenStream ts) {
                return f.apply(ts);
            }

            @Override
            public TokenFilterFactory getSynonymFilter() {
                throw new IllegalArgumentException("Token filter [" + name() + "] cannot be used to parse synonyms");
            }
        };
    }

    static Function<TokenStream, TokenStream> stemmerFor(String language) {
        String lang = language.toLowerCase(Locale.ROOT);
        switch (lang) {
            case "english":
            case "porter":
                return PorterStemFilter::new;
            case "porter2":
                return ts -> new SnowballFilter(ts, "English");
            case "light_english":
            case "kstem":
                return KStemFilter::new;
            case "minimal_english":
                return EnglishMinimalStemFilter::new;
            case "possessive_english":
                return EnglishPossessiveFilter::new;
            default: {
                // other languages: the Snowball stemmer of that name, e.g. "french", "german", "spanish"
                String snowball = Character.toUpperCase(lang.charAt(0)) + lang.substring(1);
                try {
                    Class.forName("org.tartarus.snowball.ext." + snowball + "Stemmer", false, SnowballFilter.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new IllegalArgumentException("stemmer language [" + language + "] is not supported by the embedded test node");
                }
                return ts -> new SnowballFilter(ts, snowball);
            }
        }
    }

    private static IntPredicate tokenChars(List<String> classes, String custom) {
        if (classes.isEmpty()) {
            return c -> true;
        }
        List<IntPredicate> ps = new ArrayList<>();
        for (String cls : classes) {
            switch (cls.toLowerCase(Locale.ROOT)) {
                case "letter" -> ps.add(Character::isLetter);
                case "digit" -> ps.add(Character::isDigit);
                case "whitespace" -> ps.add(Character::isWhitespace);
                case "punctuation" -> ps.add(c -> switch (Character.getType(c)) {
                    case Character.START_PUNCTUATION, Character.END_PUNCTUATION, Character.OTHER_PUNCTUATION,
                        Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                        Character.FINAL_QUOTE_PUNCTUATION -> true;
                    default -> false;
                });
                case "symbol" -> ps.add(c -> switch (Character.getType(c)) {
                    case Character.CURRENCY_SYMBOL, Character.MATH_SYMBOL, Character.OTHER_SYMBOL, Character.MODIFIER_SYMBOL -> true;
                    default -> false;
                });
                case "custom" -> {
                    String chars = custom == null ? "" : custom;
                    ps.add(c -> chars.indexOf(c) >= 0);
                }
                default -> throw new IllegalArgumentException("Unknown token type: '" + cls + "'");
            }
        }
        return c -> {
            for (IntPredicate p : ps) {
                if (p.test(c)) return true;
            }
            return false;
        };
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        Map<String, AnalysisProvider<TokenFilterFactory>> m = new TreeMap<>();
        m.put("lowercase", (is, env, name, s) -> {
            String lang = s.get("language");
            if (lang == null) return normalizing(name, LowerCaseFilter::new);
            return switch (lang.toLowerCase(Locale.ROOT)) {
                case "greek" -> normalizing(name, GreekLowerCaseFilter::new);
                case "irish" -> normalizing(name, IrishLowerCaseFilter::new);
                case "turkish" -> normalizing(name, TurkishLowerCaseFilter::new);
                default -> throw new IllegalArgumentException("language [" + lang + "] not support for lower case");
            };
        });
        m.put("uppercase", (is, env, name, s) -> normalizing(name, UpperCaseFilter::new));
        m.put("asciifolding", (is, env, name, s) -> {
            boolean preserve = s.getAsBoolean("preserve_original", false);
            return normalizing(name, ts -> new ASCIIFoldingFilter(ts, preserve));
        });
        m.put("trim", (is, env, name, s) -> normalizing(name, TrimFilter::new));
        m.put("decimal_digit", (is, env, name, s) -> normalizing(name, DecimalDigitFilter::new));
        m.put("elision", (is, env, name, s) -> {
            CharArraySet articles = Analysis.parseArticles(env, s);
            CharArraySet set = articles != null ? articles : FrenchAnalyzer.DEFAULT_ARTICLES;
            return normalizing(name, ts -> new ElisionFilter(ts, set));
        });
        m.put("apostrophe", (is, env, name, s) -> filter(name, ApostropheFilter::new));
        m.put("classic", (is, env, name, s) -> filter(name, ClassicFilter::new));
        m.put("porter_stem", (is, env, name, s) -> filter(name, PorterStemFilter::new));
        m.put("kstem", (is, env, name, s) -> filter(name, KStemFilter::new));
        m.put("stemmer", (is, env, name, s) -> filter(name, stemmerFor(s.get("language", s.get("name", "porter")))));
        m.put("snowball", (is, env, name, s) -> {
            String lang = s.get("language", "English");
            return filter(name, ts -> new SnowballFilter(ts, lang));
        });
        m.put("stemmer_override", AnalysisPlugin.requiresAnalysisSettings((is, env, name, s) -> {
            StemmerOverrideFilter.Builder builder = new StemmerOverrideFilter.Builder(false);
            for (String rule : Analysis.getWordList(env, s, "rules")) {
                String[] parts = rule.split("=>");
                if (parts.length != 2) throw new IllegalArgumentException("Invalid Keyword override Rule:" + rule);
                String target = parts[1].trim();
                for (String key : parts[0].split(",")) {
                    if (!key.trim().isEmpty()) builder.add(key.trim(), target);
                }
            }
            StemmerOverrideFilter.StemmerOverrideMap map = builder.build();
            return filter(name, ts -> new StemmerOverrideFilter(ts, map));
        }));
        m.put("keyword_marker", AnalysisPlugin.requiresAnalysisSettings((is, env, name, s) -> {
            boolean ignoreCase = s.getAsBoolean("ignore_case", false);
            String pattern = s.get("keywords_pattern");
            if (pattern != null) {
                Pattern p = Pattern.compile(pattern);
                return filter(name, ts -> new PatternKeywordMarkerFilter(ts, p));
            }
            List<String> words = Analysis.getWordList(env, s, "keywords");
            CharArraySet set = new CharArraySet(words == null ? List.of() : words, ignoreCase);
            return filter(name, ts -> new SetKeywordMarkerFilter(ts, set));
        }));
        m.put("keep", AnalysisPlugin.requiresAnalysisSettings((is, env, name, s) -> {
            boolean ignoreCase = s.getAsBoolean("keep_words_case", false);
            List<String> words = Analysis.getWordList(env, s, "keep_words");
            CharArraySet set = new CharArraySet(words == null ? List.of() : words, ignoreCase);
            return filter(name, ts -> new KeepWordFilter(ts, set));
        }));
        m.put("synonym", AnalysisPlugin.requiresAnalysisSettings((is, env, name, s) -> new SynonymFactory(env, name, s, false)));
        m.put("synonym_graph", AnalysisPlugin.requiresAnalysisSettings((is, env, name, s) -> new SynonymFactory(env, name, s, true)));
        m.put("flatten_graph", (is, env, name, s) -> filter(name, FlattenGraphFilter::new));
        m.put("unique", (is, env, name, s) -> {
            boolean samePos = s.getAsBoolean("only_on_same_position", false);
            return filter(name, ts -> samePos ? new RemoveDuplicatesTokenFilter(ts) : new UniqueTokenFilter(ts));
        });
        m.put("remove_duplicates", (is, env, name, s) -> filter(name, RemoveDuplicatesTokenFilter::new));
        m.put("reverse", (is, env, name, s) -> filter(name, ReverseStringFilter::new));
        m.put("truncate", (is, env, name, s) -> {
            int length = s.getAsInt("length", 10);
            return filter(name, ts -> new TruncateTokenFilter(ts, length));
        });
        m.put("length", (is, env, name, s) -> {
            int min = s.getAsInt("min", 0);
            int max = s.getAsInt("max", Integer.MAX_VALUE);
            return filter(name, ts -> new LengthFilter(ts, min, max));
        });
        m.put("limit", (is, env, name, s) -> {
            int max = s.getAsInt("max_token_count", 1);
            boolean all = s.getAsBoolean("consume_all_tokens", false);
            return filter(name, ts -> new LimitTokenCountFilter(ts, max, all));
        });
        m.put("pattern_replace", AnalysisPlugin.requiresAnalysisSettings((is, env, name, s) -> {
            String pattern = s.get("pattern");
            if (pattern == null) throw new IllegalArgumentException("pattern is missing for [" + name + "] token filter of type 'pattern_replace'");
            Pattern p = Pattern.compile(pattern);
            String replacement = s.get("replacement", "");
            boolean all = s.getAsBoolean("all", true);
            return filter(name, ts -> new PatternReplaceFilter(ts, p, replacement, all));
        }));
        m.put("edge_ngram", (is, env, name, s) -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            boolean preserve = s.getAsBoolean("preserve_original", false);
            return noSynonymParsing(name, ts -> new EdgeNGramTokenFilter(ts, min, max, preserve));
        });
        m.put("ngram", (is, env, name, s) -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            boolean preserve = s.getAsBoolean("preserve_original", false);
            return noSynonymParsing(name, ts -> new NGramTokenFilter(ts, min, max, preserve));
        });
        m.put("word_delimiter_graph", (is, env, name, s) -> {
            int flags = 0;
            if (s.getAsBoolean("generate_word_parts", true)) flags |= WordDelimiterGraphFilter.GENERATE_WORD_PARTS;
            if (s.getAsBoolean("generate_number_parts", true)) flags |= WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS;
            if (s.getAsBoolean("catenate_words", false)) flags |= WordDelimiterGraphFilter.CATENATE_WORDS;
            if (s.getAsBoolean("catenate_numbers", false)) flags |= WordDelimiterGraphFilter.CATENATE_NUMBERS;
            if (s.getAsBoolean("catenate_all", false)) flags |= WordDelimiterGraphFilter.CATENATE_ALL;
            if (s.getAsBoolean("split_on_case_change", true)) flags |= WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE;
            if (s.getAsBoolean("preserve_original", false)) flags |= WordDelimiterGraphFilter.PRESERVE_ORIGINAL;
            if (s.getAsBoolean("split_on_numerics", true)) flags |= WordDelimiterGraphFilter.SPLIT_ON_NUMERICS;
            if (s.getAsBoolean("stem_english_possessive", true)) flags |= WordDelimiterGraphFilter.STEM_ENGLISH_POSSESSIVE;
            if (s.getAsBoolean("ignore_keywords", false)) flags |= WordDelimiterGraphFilter.IGNORE_KEYWORDS;
            List<String> protWords = Analysis.getWordList(env, s, "protected_words");
            CharArraySet prot = protWords == null || protWords.isEmpty() ? null : new CharArraySet(protWords, false);
            boolean adjust = s.getAsBoolean("adjust_offsets", true);
            int f = flags;
            return noSynonymParsing(name, ts -> new WordDelimiterGraphFilter(ts, adjust,
                org.apache.lucene.analysis.miscellaneous.WordDelimiterIterator.DEFAULT_WORD_DELIM_TABLE, f, prot));
        });
        return m;
    }

    @Override
    public List<PreConfiguredTokenFilter> getPreConfiguredTokenFilters() {
        // "lowercase" is already pre-configured by the ES server itself
        return List.of(
            PreConfiguredTokenFilter.singleton("uppercase", true, UpperCaseFilter::new),
            PreConfiguredTokenFilter.singleton("asciifolding", true, ASCIIFoldingFilter::new),
            PreConfiguredTokenFilter.singleton("trim", true, TrimFilter::new),
            PreConfiguredTokenFilter.singleton("decimal_digit", true, DecimalDigitFilter::new),
            PreConfiguredTokenFilter.singleton("apostrophe", false, ApostropheFilter::new),
            PreConfiguredTokenFilter.singleton("classic", false, ClassicFilter::new),
            PreConfiguredTokenFilter.singleton("porter_stem", false, PorterStemFilter::new),
            PreConfiguredTokenFilter.singleton("kstem", false, KStemFilter::new),
            PreConfiguredTokenFilter.singleton("flatten_graph", false, false, FlattenGraphFilter::new),
            PreConfiguredTokenFilter.singleton("unique", false, UniqueTokenFilter::new),
            PreConfiguredTokenFilter.singleton("remove_duplicates", false, RemoveDuplicatesTokenFilter::new),
            PreConfiguredTokenFilter.singleton("reverse", false, ReverseStringFilter::new),
            PreConfiguredTokenFilter.singleton("truncate", false, ts -> new TruncateTokenFilter(ts, 10)),
            PreConfiguredTokenFilter.singleton("snowball", false, ts -> new SnowballFilter(ts, "English")),
            PreConfiguredTokenFilter.singleton("elision", true, ts -> new ElisionFilter(ts, FrenchAnalyzer.DEFAULT_ARTICLES)),
            PreConfiguredTokenFilter.singleton("edge_ngram", false, false, ts -> new EdgeNGramTokenFilter(ts, 1, 1, false)),
            PreConfiguredTokenFilter.singleton("ngram", false, false, ts -> new NGramTokenFilter(ts, 1, 2, false)),
            PreConfiguredTokenFilter.singleton("word_delimiter_graph", false, false, ts -> new WordDelimiterGraphFilter(ts, true,
                org.apache.lucene.analysis.miscellaneous.WordDelimiterIterator.DEFAULT_WORD_DELIM_TABLE,
                WordDelimiterGraphFilter.GENERATE_WORD_PARTS | WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS
                    | WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE | WordDelimiterGraphFilter.SPLIT_ON_NUMERICS
                    | WordDelimiterGraphFilter.STEM_ENGLISH_POSSESSIVE, null))
        );
    }

    // ---------------------------------------------------------------- tokenizers

    private static TokenizerFactory tokenizer(String name, Supplier<Tokenizer> s) {
        return new AbstractTokenizerFactory(name) {
            @Override
            public Tokenizer create() {
                return s.get();
            }
        };
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        Map<String, AnalysisProvider<TokenizerFactory>> m = new TreeMap<>();
        m.put("whitespace", (is, env, name, s) -> {
            int max = s.getAsInt("max_token_length", 255);
            return tokenizer(name, () -> new WhitespaceTokenizer(TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, max));
        });
        m.put("keyword", (is, env, name, s) -> {
            int buf = s.getAsInt("buffer_size", 256);
            return tokenizer(name, () -> new KeywordTokenizer(buf));
        });
        m.put("letter", (is, env, name, s) -> tokenizer(name, LetterTokenizer::new));
        m.put("classic", (is, env, name, s) -> {
            int max = s.getAsInt("max_token_length", 255);
            return tokenizer(name, () -> {
                ClassicTokenizer t = new ClassicTokenizer();
                t.setMaxTokenLength(max);
                return t;
            });
        });
        m.put("uax_url_email", (is, env, name, s) -> {
            int max = s.getAsInt("max_token_length", 255);
            return tokenizer(name, () -> {
                UAX29URLEmailTokenizer t = new UAX29URLEmailTokenizer();
                t.setMaxTokenLength(max);
                return t;
            });
        });
        m.put("pattern", (is, env, name, s) -> {
            Pattern p = Pattern.compile(s.get("pattern", "\\W+"));
            int group = s.getAsInt("group", -1);
            return tokenizer(name, () -> new PatternTokenizer(p, group));
        });
        m.put("path_hierarchy", (is, env, name, s) -> {
            char delimiter = s.get("delimiter", "/").charAt(0);
            String repl = s.get("replacement");
            char replacement = repl == null ? delimiter : repl.charAt(0);
            int skip = s.getAsInt("skip", 0);
            boolean reverse = s.getAsBoolean("reverse", false);
            return tokenizer(name, () -> reverse
                ? new ReversePathHierarchyTokenizer(delimiter, replacement, skip)
                : new PathHierarchyTokenizer(delimiter, replacement, skip));
        });
        m.put("ngram", (is, env, name, s) -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            IntPredicate chars = tokenChars(s.getAsList("token_chars"), s.get("custom_token_chars"));
            return tokenizer(name, () -> new NGramTokenizer(min, max) {
                @Override
                protected boolean isTokenChar(int chr) {
                    return chars.test(chr);
                }
            });
        });
        m.put("edge_ngram", (is, env, name, s) -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            IntPredicate chars = tokenChars(s.getAsList("token_chars"), s.get("custom_token_chars"));
            return tokenizer(name, () -> new EdgeNGramTokenizer(min, max) {
                @Override
                protected boolean isTokenChar(int chr) {
                    return chars.test(chr);
                }
            });
        });
        return m;
    }

    @Override
    public List<PreConfiguredTokenizer> getPreConfiguredTokenizers() {
        return List.of(
            PreConfiguredTokenizer.singleton("whitespace", WhitespaceTokenizer::new),
            PreConfiguredTokenizer.singleton("keyword", KeywordTokenizer::new),
            PreConfiguredTokenizer.singleton("letter", LetterTokenizer::new),
            PreConfiguredTokenizer.singleton("classic", ClassicTokenizer::new),
            PreConfiguredTokenizer.singleton("uax_url_email", UAX29URLEmailTokenizer::new),
            PreConfiguredTokenizer.singleton("pattern", () -> new PatternTokenizer(Pattern.compile("\\W+"), -1)),
            PreConfiguredTokenizer.singleton("path_hierarchy", PathHierarchyTokenizer::new),
            PreConfiguredTokenizer.singleton("ngram", NGramTokenizer::new),
            PreConfiguredTokenizer.singleton("edge_ngram", () -> new EdgeNGramTokenizer(1, 1))
        );
    }

    // ---------------------------------------------------------------- char filters

    private static final Pattern MAPPING_RULE = Pattern.compile("(.*)\\s*=>\\s*(.*)\\s*$");

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case '\\' -> out.append('\\');
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> out.append(n);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static CharFilterFactory charFilter(String name, boolean normalizing, Function<Reader, Reader> f) {
        if (normalizing) {
            return new NormalizingChar(name, f);
        }
        return new AbstractCharFilterFactory(name) {
            @Override
            public Reader create(Reader reader) {
                return f.apply(reader);
            }
        };
    }

    private static final class NormalizingChar extends AbstractCharFilterFactory implements NormalizingCharFilterFactory {
        private final Function<Reader, Reader> f;

        NormalizingChar(String name, Function<Reader, Reader> f) {
            super(name);
            this.f = f;
        }

        @Override
        public Reader create(Reader reader) {
            return f.apply(reader);
        }
    }

    @Override
    public Map<String, AnalysisProvider<CharFilterFactory>> getCharFilters() {
        Map<String, AnalysisProvider<CharFilterFactory>> m = new TreeMap<>();
        m.put("html_strip", (is, env, name, s) -> {
            List<String> escaped = s.getAsList("escaped_tags");
            java.util.Set<String> tags = escaped.isEmpty() ? null : new java.util.HashSet<>(escaped);
            return charFilter(name, false, r -> new HTMLStripCharFilter(r, tags));
        });
        m.put("mapping", AnalysisPlugin.requiresAnalysisSettings((is, env, name, s) -> {
            List<String> rules = Analysis.getWordList(env, s, "mappings");
            if (rules == null) throw new IllegalArgumentException("mapping requires either `mappings` or `mappings_path` to be configured");
            NormalizeCharMap.Builder b = new NormalizeCharMap.Builder();
            for (String rule : rules) {
                Matcher mm = MAPPING_RULE.matcher(rule);
                if (!mm.find()) throw new RuntimeException("Invalid Mapping Rule : [" + rule + "]");
                String lhs = unescape(mm.group(1).trim());
                String rhs = unescape(mm.group(2).trim());
                if (lhs.isEmpty()) throw new RuntimeException("Invalid Mapping Rule : [" + rule + "]. Illegal mapping.");
                b.add(lhs, rhs);
            }
            NormalizeCharMap map = b.build();
            return charFilter(name, true, r -> new MappingCharFilter(map, r));
        }));
        m.put("pattern_replace", AnalysisPlugin.requiresAnalysisSettings((is, env, name, s) -> {
            String pattern = s.get("pattern");
            if (pattern == null) throw new IllegalArgumentException("pattern is missing for [" + name + "] char filter of type 'pattern_replace'");
            Pattern p = Pattern.compile(pattern);
            String replacement = s.get("replacement", "");
            return charFilter(name, true, r -> new PatternReplaceCharFilter(p, replacement, r));
        }));
        return m;
    }

    @Override
    public List<PreConfiguredCharFilter> getPreConfiguredCharFilters() {
        return List.of(PreConfiguredCharFilter.singleton("html_strip", false, HTMLStripCharFilter::new));
    }
}
