using Microsoft.CodeAnalysis;

namespace HyperFlow.Generators.Tests;

/// <summary>One test per diagnostic id: the mistake is reported with its id, at the right place, with a message that says what to change.</summary>
public partial class DiagnosticTests
{
    [Fact]
    public void HF0001_JobNotPartial()
    {
        string job = Jobs.LargeTrades.Replace("public static partial class", "public static class", StringComparison.Ordinal);
        Diagnostic d = Single(job, "HF0001");
        Assert.Contains("'LargeTrades' must be declared 'static partial'", d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("LargeTrades", Text(d, job));
    }

    [Fact]
    public void HF0002_NoPipelineMethod()
    {
        Diagnostic d = Single(Jobs.LargeTrades.Replace("[Pipeline]", string.Empty, StringComparison.Ordinal), "HF0002");
        Assert.Contains("exactly one [Pipeline] method (found 0)", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void HF0002_SourceNameNotConstant()
    {
        string job = Jobs.LargeTrades.Replace(".From<Trade>(\"trades\")", ".From<Trade>(System.Environment.MachineName)", StringComparison.Ordinal);
        Diagnostic d = Single(job, "HF0002");
        Assert.Contains("source name must be a non-empty constant string", d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("System.Environment.MachineName", Text(d, job));
    }

    [Fact]
    public void HF0002_LambdaInsteadOfMethodGroup()
    {
        string job = Jobs.LargeTrades.Replace(".Filter(IsLarge)", ".Filter(static (in Notional n) => true)", StringComparison.Ordinal);
        Diagnostic d = Single(job, "HF0002");
        Assert.Contains("must name a method (a method group)", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void HF0002_ConsecutiveExchanges()
    {
        string job = Jobs.Partitioned.Replace(".Rebalance()", ".Rebalance().Forward()", StringComparison.Ordinal);
        Diagnostic d = Single(job, "HF0002");
        Assert.Contains("'Forward' directly follows another exchange", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void HF0003_OperatorWithoutAttribute()
    {
        string job = Jobs.LargeTrades.Replace("[Filter] static bool IsLarge", "static bool IsLarge", StringComparison.Ordinal);
        Diagnostic d = Single(job, "HF0003");
        Assert.Equal("Method 'LargeTrades.IsLarge' is used as a Filter operator but is not marked [Filter]; add [Filter] to the method", d.GetMessage());
        Assert.Equal("IsLarge", Text(d, job));
    }

    [Fact]
    public void HF0004_InstanceOperator()
    {
        string job = Jobs.LargeTrades
            .Replace(".Filter(IsLarge)", ".Filter(Rules.Default.IsLarge)", StringComparison.Ordinal)
            + """

            public sealed class Rules
            {
                public static readonly Rules Default = new();
                [HyperFlow.Filter] public bool IsLarge(in Notional n) => n.Value > 10;
            }
            """;
        Diagnostic d = Single(job, "HF0004");
        Assert.Contains("'Rules.IsLarge' must be static", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void HF0005_KeyTypeWithoutStableHash()
    {
        string job = Jobs.LargeTrades
            .Replace("[KeyBy] static long Account(in Notional n) => n.Account;", "[KeyBy] static double Account(in Notional n) => n.Account;", StringComparison.Ordinal);
        Diagnostic d = Single(job, "HF0005");
        Assert.Contains("Key type 'double'", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void HF0005_SuppressedByPragma_IsNotReported()
    {
        string job = "#pragma warning disable HF0005\n" + Jobs.LargeTrades
            .Replace("[KeyBy] static long Account(in Notional n) => n.Account;", "[KeyBy] static double Account(in Notional n) => n.Account;", StringComparison.Ordinal);
        GeneratorHarness.Result result = GeneratorHarness.Run(Jobs.Types, job);
        Diagnostic d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("HF0005", d.Id);
        Assert.True(d.IsSuppressed, "#pragma warning disable HF0005 did not suppress the diagnostic");
    }

    [Fact]
    public void HF0006_DuplicateUid()
    {
        Diagnostic d = Single(Jobs.LargeTrades.Replace("[Map] static", "[Map(Uid = \"totals\")] static", StringComparison.Ordinal), "HF0006");
        Assert.Contains("uid 'totals' is used more than once in job 'large-trades'", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void HF0007_NestedJob()
    {
        string job = Jobs.LargeTrades
            .Replace("[Job(\"large-trades\")]", "public static partial class Outer {\n[Job(\"large-trades\")]", StringComparison.Ordinal) + "}";
        Diagnostic d = Single(job, "HF0007");
        Assert.Contains("declare it as a non-generic top-level class", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void HF0008_UnusedOperator_WarnsAndStillGenerates()
    {
        string job = Jobs.LargeTrades.Replace("[Pipeline]", "[Map] static Notional Unused(in Notional n) => n;\n\n    [Pipeline]", StringComparison.Ordinal);
        GeneratorHarness.Result result = GeneratorHarness.Run(Jobs.Types, job);
        Diagnostic d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("HF0008", d.Id);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Contains("'LargeTrades.Unused' is marked [Map] but the [Pipeline] method does not use it", d.GetMessage(), StringComparison.Ordinal);
        Assert.Single(result.Generated);
    }

    [Theory]
    [InlineData("[Filter] static bool IsLarge(in Notional n) => n.Value > 1_000_000;", "[Filter] static long IsLarge(in Notional n) => n.Value;", "Filter", "static bool M(in T value)")]
    [InlineData("[Aggregate(Uid = \"totals-by-account\")] static void Add(ref long sum, in Notional n) => sum += n.Value;", "[Aggregate(Uid = \"totals-by-account\")] static void Add(long sum, in Notional n) { }", "Aggregate", "static void M(ref TAcc accumulator, in T value)")]
    [InlineData("[Map] static Notional ToNotional(in Trade t) => new(t.Account, t.Price * t.Qty);", "[Map] static void ToNotional(in Trade t) { }", "Map", "static TOut M(in TIn value)")]
    public void HF0009_WrongSignature(string correct, string wrong, string kind, string shape)
    {
        string job = Jobs.LargeTrades.Replace(correct, wrong, StringComparison.Ordinal);
        Assert.NotEqual(Jobs.LargeTrades, job);
        GeneratorHarness.Result result = GeneratorHarness.Run(Jobs.Types, job);
        Diagnostic d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("HF0009", d.Id);
        Assert.Contains($"is marked [{kind}] but its signature does not fit; a [{kind}] method looks like '{shape}'", d.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(result.Generated);
    }

    [Fact]
    public void HF0010_EmptyJobName()
    {
        Diagnostic d = Single(Jobs.LargeTrades.Replace("[Job(\"large-trades\")]", "[Job(\"\")]", StringComparison.Ordinal), "HF0010");
        Assert.Contains("Job class 'LargeTrades' has an empty name", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void HF0003_TimestampMethodWithoutAttribute()
    {
        string job = Jobs.TimedTrades.Replace("[Timestamp] static long TimeOf", "static long TimeOf", StringComparison.Ordinal);
        Diagnostic d = Single(job, "HF0003");
        Assert.Equal("Method 'TimedTrades.TimeOf' is used as a Timestamp operator but is not marked [Timestamp]; add [Timestamp] to the method", d.GetMessage());
        Assert.Equal("TimeOf", Text(d, job));
    }

    [Fact]
    public void HF0009_TimestampWrongSignature()
    {
        string job = Jobs.TimedTrades.Replace("[Timestamp] static long TimeOf(in Tick t) => t.TimeMs;", "[Timestamp] static int TimeOf(in Tick t) => 0;", StringComparison.Ordinal);
        Diagnostic d = Single(job, "HF0009");
        Assert.Contains("is marked [Timestamp] but its signature does not fit; a [Timestamp] method looks like 'static long M(in T value)'", d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("maxOutOfOrderMs: 2_000", "maxOutOfOrderMs: System.Environment.ProcessorCount", "maxOutOfOrderMs")]
    [InlineData("idleTimeoutMs: 30_000", "idleTimeoutMs: System.DateTime.Now.Millisecond", "idleTimeoutMs")]
    [InlineData("maxOutOfOrderMs: 2_000, idleTimeoutMs: 30_000", "System.Environment.ProcessorCount", "maxOutOfOrderMs")]
    public void HF0011_TimeArgumentNotConstant(string constant, string variable, string name)
    {
        string job = Jobs.TimedTrades.Replace(constant, variable, StringComparison.Ordinal);
        Assert.NotEqual(Jobs.TimedTrades, job);
        Diagnostic d = Single(job, "HF0011");
        Assert.Equal($"Argument '{name}' of 'Timestamps' must be a compile-time constant, because HyperFlow reads it at build time; write a literal or a const, such as {name}: 2000", d.GetMessage());
        Assert.EndsWith(Text(d, job), variable, StringComparison.Ordinal);
    }

    [Fact]
    public void HF0011_SuppressedByPragma_IsNotReported()
    {
        string job = "#pragma warning disable HF0011\n" + Jobs.TimedTrades.Replace("maxOutOfOrderMs: 2_000", "maxOutOfOrderMs: System.Environment.ProcessorCount", StringComparison.Ordinal);
        GeneratorHarness.Result result = GeneratorHarness.Run(Jobs.Types, job);
        Diagnostic d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("HF0011", d.Id);
        Assert.True(d.IsSuppressed, "#pragma warning disable HF0011 did not suppress the diagnostic");
        Assert.Empty(result.Generated);
    }

    [Theory]
    [InlineData("maxOutOfOrderMs: 2_000", "maxOutOfOrderMs: -1", "'maxOutOfOrderMs' of 'Timestamps' is -1; it must be 0 or more (0 means timestamps ascend)")]
    [InlineData("idleTimeoutMs: 30_000", "idleTimeoutMs: -30_000", "'idleTimeoutMs' of 'Timestamps' is -30000; it must be 0 or more (0 means partitions never go idle)")]
    public void HF0012_TimeArgumentNegative(string constant, string negative, string message)
    {
        string job = Jobs.TimedTrades.Replace(constant, negative, StringComparison.Ordinal);
        Diagnostic d = Single(job, "HF0012");
        Assert.Equal("Argument " + message, d.GetMessage());
    }

    [Theory]
    [InlineData(".Timestamps(", ".Rebalance().Timestamps(", "'Timestamps' follows a Rebalance, after which records come from other subtasks")]
    [InlineData(".Map(ToNotional)", ".Timestamps(TimeOf).Map(ToNotional)", "'Timestamps' is declared a second time")]
    public void HF0013_TimestampsMisplaced(string correct, string misplaced, string message)
    {
        string job = Jobs.TimedTrades.Replace(correct, misplaced, StringComparison.Ordinal);
        Assert.NotEqual(Jobs.TimedTrades, job);
        Diagnostic d = Single(job, "HF0013");
        Assert.Equal(message + "; declare timestamps once, between From and the first KeyBy, Rebalance, Broadcast or Forward, so that watermarks are generated per source partition", d.GetMessage());
        Assert.Equal("Timestamps", Text(d, job));
    }

    [Fact]
    public void HF0013_TimestampsAfterKeyedAggregate()
    {
        string job = Jobs.TimedTrades
            .Replace(".Timestamps(TimeOf, maxOutOfOrderMs: 2_000, idleTimeoutMs: 30_000)", string.Empty, StringComparison.Ordinal)
            .Replace(".Aggregate<long>(Add)", ".Aggregate<long>(Add).Timestamps(Late)", StringComparison.Ordinal)
            .Replace("[Pipeline]", "[Timestamp] static long Late(in KeyedValue<long, long> kv) => kv.Value;\n\n    [Pipeline]", StringComparison.Ordinal);
        Diagnostic d = Single(job, "HF0013");
        Assert.StartsWith("'Timestamps' follows a KeyBy", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void CompilerErrorInPipeline_GeneratesNothingAndReportsNoUnusedOperators()
    {
        // Aggregate without its type argument: the compiler reports CS0411; HyperFlow adds nothing.
        string job = Jobs.LargeTrades.Replace(".Aggregate<long>(Add)", ".Aggregate(Add)", StringComparison.Ordinal);
        GeneratorHarness.Result result = GeneratorHarness.Run(Jobs.Types, job);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.Generated);
        Assert.Contains(result.CompilationDiagnostics, d => d.Id == "CS0411");
    }

    [Fact]
    public void EveryDescriptor_IsTestedAndTrackedInReleaseFile()
    {
        // IDs come in ranges (HF0001-, HF0020- for windows, ...): every descriptor is tested and tracked, every tested id exists.
        string[] tested = [.. typeof(DiagnosticTests).GetMethods().Select(m => m.Name).Where(n => n.StartsWith("HF", StringComparison.Ordinal)).Select(n => n[..6]).Distinct()];
        string[] declared = [.. typeof(DiagnosticDescriptors).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id)];
        string unshipped = File.ReadAllText(Path.Combine(RepoSource(), "src", "Generators", "HyperFlow.Generators", "AnalyzerReleases.Unshipped.md"));
        Assert.Equal(declared.Order(), tested.Order());
        foreach (string id in declared)
        {
            Assert.Contains(id, unshipped, StringComparison.Ordinal);
            Assert.Equal(id, DiagnosticDescriptors.ById(id).Id);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => DiagnosticDescriptors.ById("HF9999"));
    }

    private static Diagnostic Single(string job, string id)
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(Jobs.Types, job);
        Diagnostic d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(id, d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Empty(result.Generated);
        return d;
    }

    private static string Text(Diagnostic d, string job)
    {
        Assert.Equal("Job1.cs", d.Location.GetLineSpan().Path);
        return job.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length);
    }

    private static string RepoSource([System.Runtime.CompilerServices.CallerFilePath] string file = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", ".."));
}
