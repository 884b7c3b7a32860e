using HyperFlow.Generators.Tests.Windows;
using Microsoft.CodeAnalysis;

namespace HyperFlow.Generators.Tests;

/// <summary>The window diagnostics (HF0020-HF0027), and the operator checks of [Merge], [ProcessWindow] and [SessionGap].</summary>
public partial class DiagnosticTests
{
    private const string Tumbling = "TumblingWindows.Of(System.TimeSpan.FromMinutes(1))";

    [Theory]
    [InlineData("Minutes()", "'Minutes()' is not one of HyperFlow's window assigners")]
    [InlineData("Minutes() with { Time = (WindowTime)System.Environment.ProcessorCount }", "'Time = (WindowTime)System.Environment.ProcessorCount' is not 'Time = WindowTime.EventTime' or 'Time = WindowTime.ProcessingTime'")]
    public void HF0020_WindowNotUnderstood(string wrong, string message)
    {
        string job = WindowJobs.TumblingTotals.Replace(Tumbling, wrong, StringComparison.Ordinal)
            .Replace("[Pipeline]", "static TumblingWindows Minutes() => TumblingWindows.OfMilliseconds(60_000);\n\n    [Pipeline]", StringComparison.Ordinal);
        Diagnostic d = WindowSingle(job, "HF0020");
        Assert.StartsWith(message + "; write the window as TumblingWindows.OfMilliseconds(size)", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void HF0020_DynamicGapNotAMethod()
    {
        string job = WindowJobs.Sessions.Replace("WithGap(GapOf)", "WithGap(t => System.TimeSpan.FromSeconds(t.Qty))", StringComparison.Ordinal)
            .Replace("[SessionGap] static", "static", StringComparison.Ordinal);
        Diagnostic d = WindowSingle(job, "HF0020");
        Assert.StartsWith("The gap of 'DynamicSessionWindows.WithGap' must name a [SessionGap] method (a method group)", d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("t => System.TimeSpan.FromSeconds(t.Qty)", WindowText(d, job));
    }

    [Theory]
    [InlineData(Tumbling, "TumblingWindows.OfMilliseconds(System.Environment.ProcessorCount)", "size", "TumblingWindows.OfMilliseconds", "System.Environment.ProcessorCount")]
    [InlineData(Tumbling, "TumblingWindows.Of(System.TimeSpan.FromMinutes(System.Environment.ProcessorCount))", "size", "TumblingWindows.Of", "System.TimeSpan.FromMinutes(System.Environment.ProcessorCount)")]
    [InlineData("AllowedLateness(10_000)", "AllowedLateness(System.Environment.TickCount64)", "lateMs", "AllowedLateness", "System.Environment.TickCount64")]
    public void HF0021_WindowArgumentNotConstant(string correct, string variable, string name, string call, string text)
    {
        string job = WindowJobs.TumblingTotals.Replace(correct, variable, StringComparison.Ordinal);
        Diagnostic d = WindowSingle(job, "HF0021");
        Assert.Equal($"Argument '{name}' of '{call}' must be a compile-time constant, because HyperFlow reads it at build time; write a literal or a const (durations as TimeSpan.FromSeconds(10) and the like)", d.GetMessage());
        Assert.Equal(text, WindowText(d, job));
    }

    [Fact]
    public void HF0021_SuppressedByPragma_IsNotReported()
    {
        string job = "#pragma warning disable HF0021\n" + WindowJobs.TumblingTotals.Replace("AllowedLateness(10_000)", "AllowedLateness(System.Environment.TickCount64)", StringComparison.Ordinal);
        GeneratorHarness.Result result = GeneratorHarness.Run(Jobs.Types, WindowJobs.Ticks, job);
        Diagnostic d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("HF0021", d.Id);
        Assert.True(d.IsSuppressed, "#pragma warning disable HF0021 did not suppress the diagnostic");
        Assert.Empty(result.Generated);
    }

    [Theory]
    [InlineData(Tumbling, "TumblingWindows.OfMilliseconds(0)", "Argument 'size' of 'TumblingWindows.OfMilliseconds' is 0 ms; it must be at least 1 ms")]
    [InlineData(Tumbling, "TumblingWindows.Of(System.TimeSpan.FromSeconds(1), System.TimeSpan.FromSeconds(1))", "Argument 'offset' of 'TumblingWindows.Of' is 1000 ms; it must be smaller than the size (1000 ms) in absolute value")]
    [InlineData(Tumbling, "SlidingWindows.OfMilliseconds(1_000, 2_000)", "Argument 'slide' of 'SlidingWindows.OfMilliseconds' is 2000 ms; it must be between 1 ms and the size (1000 ms); use tumbling windows for a slide equal to the size")]
    [InlineData("AllowedLateness(10_000)", "AllowedLateness(-1)", "Argument 'lateMs' of 'AllowedLateness' is -1; it must be 0 or more (0, the default, drops or side-outputs every element that arrives after its window fired)")]
    public void HF0022_WindowArgumentOutOfRange(string correct, string wrong, string message)
    {
        Diagnostic d = WindowSingle(WindowJobs.TumblingTotals.Replace(correct, wrong, StringComparison.Ordinal), "HF0022");
        Assert.Equal(message, d.GetMessage());
    }

    [Fact]
    public void HF0022_CountTriggerBelowOne()
    {
        Diagnostic d = WindowSingle(WindowJobs.CountedMax.Replace("CountTrigger(100", "CountTrigger(0", StringComparison.Ordinal), "HF0022");
        Assert.StartsWith("Argument 'count' of 'CountTrigger' is 0; it must be 1 or more", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void HF0023_EventTimeWindowWithoutTimestamps()
    {
        string job = WindowJobs.TumblingTotals
            .Replace(".Timestamps(TimeOf, maxOutOfOrderMs: 2_000)", string.Empty, StringComparison.Ordinal)
            .Replace("[Timestamp] static long TimeOf(in Tick t) => t.TimeMs;", string.Empty, StringComparison.Ordinal);
        Diagnostic d = WindowSingle(job, "HF0023");
        Assert.Equal("Window 'TumblingWindows.Of(System.TimeSpan.FromMinutes(1))' follows event time, but the stream has no timestamps; declare .Timestamps(...) between From and the first KeyBy, or make the window follow processing time with 'with { Time = WindowTime.ProcessingTime }'", d.GetMessage());
        Assert.Equal(Tumbling, WindowText(d, job));
    }

    [Theory]
    [InlineData("SlidingWindows.OfMilliseconds(60_000, 10_000)", "Sliding")]
    [InlineData("SessionWindows.WithGap(System.TimeSpan.FromMinutes(5))", "Session")]
    public void HF0024_WindowAggregateWithoutMerge(string windows, string kind)
    {
        string job = WindowJobs.TumblingTotals.Replace(Tumbling, windows, StringComparison.Ordinal);
        Diagnostic d = WindowSingle(job, "HF0024");
        Assert.Equal($"{kind} windows combine the accumulators of parts of a window, and aggregate 'TumblingTotals.Add' has no merge; pass a [Merge] method as well, such as .Aggregate<TAcc>(Add, Merge), or use Reduce", d.GetMessage());
        Assert.Equal("Add", WindowText(d, job));
    }

    [Fact]
    public void HF0025_GlobalWindowWithoutTrigger()
    {
        string job = WindowJobs.CountedMax.Replace(".CountTrigger(100, purging: true)", string.Empty, StringComparison.Ordinal);
        Diagnostic d = WindowSingle(job, "HF0025");
        Assert.Equal("Global windows never fire by themselves, so 'Reduce(Largest)' would emit nothing; add .CountTrigger(n) or .Trigger<TTrigger>() after .Window(GlobalWindows.Instance)", d.GetMessage());
    }

    [Theory]
    [InlineData("late => late.Filter(IsLarge).To(\"late-notionals\")", "late => late.Rebalance().To(\"late-notionals\")", "'Rebalance' is not allowed in the late stream", "Rebalance")]
    [InlineData("late => late.Filter(IsLarge).To(\"late-notionals\")", "late => late.Filter(IsLarge)", "The late stream does not end in a sink", "late.Filter(IsLarge)")]
    [InlineData("late => late.Filter(IsLarge).To(\"late-notionals\")", "static late => { late.To(\"late-notionals\"); }", "The argument of 'LateData' is not a lambda with an expression body", "static late => { late.To(\"late-notionals\"); }")]
    public void HF0026_LateStreamNotSupported(string correct, string wrong, string message, string text)
    {
        string job = WindowJobs.TumblingTotals.Replace(correct, wrong, StringComparison.Ordinal);
        Diagnostic d = WindowSingle(job, "HF0026");
        Assert.Equal(message + "; the late stream of 'LateData' runs in the window's chain, so write a lambda that continues it with Map, Filter and FlatMap and ends in To(\"sink\"), such as late => late.To(\"late-events\")", d.GetMessage());
        Assert.Equal(text, WindowText(d, job));
    }

    [Theory]
    [InlineData(Tumbling, "TumblingWindows.Of(System.TimeSpan.FromMinutes(1)) with { Time = WindowTime.ProcessingTime }", "'AllowedLateness' applies to event-time windows, where elements can be late, not to windows that follow processing time; remove it, or use an event-time window")]
    [InlineData(".AllowedLateness(10_000)", ".AllowedLateness(10_000).AllowedLateness(5_000)", "'AllowedLateness' is declared twice on the same window; keep one")]
    [InlineData(".AllowedLateness(10_000)", ".CountTrigger(5).CountTrigger(6)", "'CountTrigger' follows another trigger on the same window; keep one trigger")]
    public void HF0027_WindowOptionNotApplicable(string correct, string wrong, string message)
    {
        Diagnostic d = WindowSingle(WindowJobs.TumblingTotals.Replace(correct, wrong, StringComparison.Ordinal), "HF0027");
        Assert.Equal(message, d.GetMessage());
    }

    [Theory]
    [InlineData("[Merge] static long Combine(in long left, in long right) => left + right;", "[Merge] static int Combine(in long left, in long right) => 0;", "Merge", "static TAcc M(in TAcc left, in TAcc right)")]
    public void HF0009_WindowMethodWrongSignature(string correct, string wrong, string kind, string shape)
    {
        string job = WindowJobs.SlidingSums.Replace(correct, wrong, StringComparison.Ordinal);
        GeneratorHarness.Result result = GeneratorHarness.Run(Jobs.Types, WindowJobs.Ticks, job);
        Diagnostic d = Assert.Single(result.GeneratorDiagnostics, d => d.Id == "HF0009");
        Assert.Contains($"is marked [{kind}] but its signature does not fit; a [{kind}] method looks like '{shape}'", d.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(result.Generated);
    }

    [Fact]
    public void HF0009_ProcessWindowWrongSignature()
    {
        string job = WindowJobs.Sessions.Replace("ReadOnlySpan<Tick> ticks", "Tick[] ticks", StringComparison.Ordinal);
        GeneratorHarness.Result result = GeneratorHarness.Run(Jobs.Types, WindowJobs.Ticks, job);
        Diagnostic d = Assert.Single(result.GeneratorDiagnostics, d => d.Id == "HF0009");
        Assert.Contains("a [ProcessWindow] method looks like 'static void M(in TKey key, in WindowContext context, ReadOnlySpan<T> elements, Collector<TOut> output)'", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void HF0003_MergeWithoutAttribute()
    {
        string job = WindowJobs.SlidingSums.Replace("[Merge] static long Combine", "static long Combine", StringComparison.Ordinal);
        Diagnostic d = WindowSingle(job, "HF0003");
        Assert.Equal("Method 'SlidingSums.Combine' is used as a Merge operator but is not marked [Merge]; add [Merge] to the method", d.GetMessage());
    }

    [Fact]
    public void HF0008_UnusedMergeMethod_Warns()
    {
        string job = WindowJobs.SlidingSums.Replace("[Pipeline]", "[Merge] static long Unused(in long a, in long b) => a;\n\n    [Pipeline]", StringComparison.Ordinal);
        GeneratorHarness.Result result = GeneratorHarness.Run(Jobs.Types, WindowJobs.Ticks, job);
        Diagnostic d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("HF0008", d.Id);
        Assert.Contains("'SlidingSums.Unused' is marked [Merge]", d.GetMessage(), StringComparison.Ordinal);
    }

    private static Diagnostic WindowSingle(string job, string id)
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(Jobs.Types, WindowJobs.Ticks, job);
        Diagnostic d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(id, d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Empty(result.Generated);
        return d;
    }

    private static string WindowText(Diagnostic d, string job)
    {
        Assert.Equal("Job2.cs", d.Location.GetLineSpan().Path);
        return job.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length);
    }
}
