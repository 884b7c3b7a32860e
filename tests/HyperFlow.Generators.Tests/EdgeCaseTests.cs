namespace HyperFlow.Generators.Tests;

/// <summary>Valid user code the generated code must compile with, cleanly (warnings are errors here).</summary>
public class EdgeCaseTests
{
    [Fact]
    public void KeywordNames_AreEscaped()
    {
        const string job = """
            using HyperFlow;

            namespace @event.@class;

            [Job("keywords")]
            public static partial class @static
            {
                [Map] static long @event(in long x) => x + 1;
                [Filter] static bool @if(in long x) => x > 0;

                [Pipeline]
                static void Define(IPipelineBuilder p) => p.From<long>("in").Map(@event).Filter(@if).To("out");
            }
            """;
        AssertCompilesCleanly(job);
    }

    [Fact]
    public void MapToDeclaredSupertype_UsesTheDeclaredType()
    {
        const string job = """
            using HyperFlow;

            namespace Sample;

            [Job("covariant")]
            public static partial class Covariant
            {
                [Map] static string Name(in long x) => x.ToString(System.Globalization.CultureInfo.InvariantCulture);
                [Filter] static bool Any(in object o) => o is not null;

                [Pipeline]
                static void Define(IPipelineBuilder p) => p.From<long>("in").Map<object>(Name).Filter(Any).To("out");
            }
            """;
        string generated = AssertCompilesCleanly(job);
        Assert.Contains("SinkOutput<object>", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void NullableReferenceTypes_CompileWithoutWarnings()
    {
        const string job = """
            using HyperFlow;

            namespace Sample;

            [Job("nullable")]
            public static partial class Nullables
            {
                [Map] static string? MaybeName(in long x) => x > 0 ? "positive" : null;
                [FlatMap] static void Split(in string? s, Collector<string?> output) => output.Emit(s);
                [Filter] static bool HasValue(in string? s) => s is not null;

                [Pipeline]
                static void Define(IPipelineBuilder p) => p.From<long>("in").Map(MaybeName).FlatMap<string?>(Split).Filter(HasValue).To("out");
            }
            """;
        AssertCompilesCleanly(job);
    }

    [Fact]
    public void SpecialCharactersInNames_StayInsideLiteralsAndComments()
    {
        const string job = """
            using HyperFlow;

            namespace Sample;

            [Job("a & b <c>")]
            public static partial class Odd
            {
                [Map] static long Same(in long x) => x;

                [Pipeline]
                static void Define(IPipelineBuilder p) => p.From<long>("in \"quoted\"").Map(Same).To("out\nline two");
            }
            """;
        string generated = AssertCompilesCleanly(job);
        Assert.Contains("\"out\\nline two\"", generated, StringComparison.Ordinal);
        Assert.Contains("'a &amp; b &lt;c&gt;'", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultUids_AvoidSourceAndSinkNames()
    {
        const string job = """
            using HyperFlow;

            namespace Sample;

            [Job("uids")]
            public static partial class Uids
            {
                [Map] static long Parse(in long x) => x;

                [Pipeline]
                static void Define(IPipelineBuilder p) => p.From<long>("Parse").Map(Parse).Map(Parse).To("Parse-2");
            }
            """;
        string generated = AssertCompilesCleanly(job);
        Assert.Contains("new(\"Parse-3\", global::HyperFlow.Graph.OperatorKind.Map", generated, StringComparison.Ordinal);
        Assert.Contains("new(\"Parse-4\", global::HyperFlow.Graph.OperatorKind.Map", generated, StringComparison.Ordinal);
    }

    private static string AssertCompilesCleanly(string job)
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(job);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.Failures);
        return Assert.Single(result.Generated);
    }
}
