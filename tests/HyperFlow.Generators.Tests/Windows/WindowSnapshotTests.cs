namespace HyperFlow.Generators.Tests.Windows;

/// <summary>Baselines of the code generated for windowed pipelines (see <see cref="SnapshotTests"/>).</summary>
public class WindowSnapshotTests
{
    [Fact]
    public void TumblingTotals_AlignedWithLateStream_MatchesBaselineAndCompilesCleanly()
    {
        string generated = Generate(WindowJobs.TumblingTotals, "TumblingTotals.g.cs.txt");
        Assert.Contains("AlignedWindowOperator<long, global::Sample.Notional, long, long, WindowFold>", generated, StringComparison.Ordinal);
        Assert.Contains("TumblingWindows.OfMilliseconds(60000, 0)", generated, StringComparison.Ordinal);
        Assert.Contains("plan.CreateTimestampedSinkOutput<global::Sample.Notional>(\"late-notionals\", subtask)", generated, StringComparison.Ordinal);

        // Per record, the aligned path is one call on the sealed operator, whose inlined fast path probes the sealed in-memory state.
        string window = generated[generated.IndexOf("class __HyperFlowChain1", StringComparison.Ordinal)..];
        string loop = window[window.IndexOf("foreach (ref readonly", StringComparison.Ordinal)..window.IndexOf("catch", StringComparison.Ordinal)];
        Assert.Contains("window.Add(global::Sample.TumblingTotals.Account(in e0), in e0, stamped.Timestamp);", loop, StringComparison.Ordinal);
        Assert.DoesNotContain("new", loop, StringComparison.Ordinal);
        Assert.DoesNotContain("_fired", loop, StringComparison.Ordinal);
    }

    [Fact]
    public void SlidingSums_MergeMethod_MatchesBaselineAndCompilesCleanly()
    {
        string generated = Generate(WindowJobs.SlidingSums, "SlidingSums.g.cs.txt");
        Assert.Contains("public long Merge(in long left, in long right) => global::Sample.SlidingSums.Combine(in left, in right);", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void Sessions_ProcessFunction_MatchesBaselineAndCompilesCleanly()
    {
        string generated = Generate(WindowJobs.Sessions, "Sessions.g.cs.txt");
        Assert.Contains("WindowOperator.Process<long, global::Sample.Tick, global::Sample.Summary>", generated, StringComparison.Ordinal);
        Assert.Contains("protected override long NextProcessingTime => _timers.NextProcessingTime;", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void CountedMax_CountWindowsWithoutTimestamps_MatchesBaselineAndCompilesCleanly()
    {
        string generated = Generate(WindowJobs.CountedMax, "CountedMax.g.cs.txt");
        Assert.Contains("new global::HyperFlow.Windows.PurgingTrigger<global::Sample.Trade>(new global::HyperFlow.Windows.CountTrigger<global::Sample.Trade>(100))", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("Timestamped", generated, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TumblingWindows.OfMilliseconds(1_000) with { Time = WindowTime.ProcessingTime }", "Aggregate<long>(Add)", "TumblingWindows.OfMilliseconds(1000, 0) with { Time = global::HyperFlow.Windows.WindowTime.ProcessingTime }")]
    [InlineData("SessionWindows.WithGap(TimeSpan.FromSeconds(30)) with { Time = WindowTime.ProcessingTime }", "Aggregate<long>(Add, Combine)", "SessionWindows.WithGap(global::System.TimeSpan.FromMilliseconds(30000)) with { Time = global::HyperFlow.Windows.WindowTime.ProcessingTime }")]
    [InlineData("TumblingWindows.Of(TimeSpan.FromHours(1), TimeSpan.FromMinutes(-30))", "Trigger<Early>(purging: true).Aggregate<long>(Add)", "new global::HyperFlow.Windows.PurgingTrigger<global::Sample.Tick>(new global::Sample.Variants.Early())")]
    [InlineData("SlidingWindows.Of(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10))", "Aggregate<long>(Add)", "AlignedWindowOperator<string, global::Sample.Tick, long, long, WindowFold>")]
    [InlineData("SlidingWindows.OfMilliseconds(size: 1_500, offset: 250, slide: 500)", "Aggregate<long>(Add, Combine)", "SlidingWindows.OfMilliseconds(1500, 500, 250)")]
    public void WindowVariants_CompileCleanly(string windows, string function, string expected)
    {
        string job = $$"""
            using System;
            using HyperFlow;
            using HyperFlow.Windows;

            namespace Sample;

            [Job("variants")]
            public static partial class Variants
            {
                private sealed class Early : WindowTrigger<Tick>
                {
                    public override TriggerResult OnElement(in Tick element, long timestamp, TimeWindow window, TriggerContext context)
                    {
                        context.RegisterEventTimeTimer(window.MaxTimestamp);
                        return element.Qty > 100 ? TriggerResult.Fire : TriggerResult.Continue;
                    }

                    public override TriggerResult OnEventTime(long time, TimeWindow window, TriggerContext context) => time == window.MaxTimestamp ? TriggerResult.Fire : TriggerResult.Continue;

                    public override TriggerResult OnProcessingTime(long time, TimeWindow window, TriggerContext context) => TriggerResult.Continue;

                    public override void Clear(TimeWindow window, TriggerContext context) => context.DeleteEventTimeTimer(window.MaxTimestamp);
                }

                [Timestamp] static long TimeOf(in Tick t) => t.TimeMs;
                [KeyBy] static string Account(in Tick t) => t.Account.ToString(System.Globalization.CultureInfo.InvariantCulture);
                [Aggregate] static void Add(ref long sum, in Tick t) => sum += t.Qty;
                {{(function.Contains("Combine", StringComparison.Ordinal) ? "[Merge] static long Combine(in long left, in long right) => left + right;" : string.Empty)}}

                [Pipeline]
                static void Define(IPipelineBuilder p) => p
                    .From<Tick>("ticks")
                    .Timestamps(TimeOf)
                    .KeyBy(Account)
                    .Window({{windows}})
                    .{{function}}
                    .To("out");
            }
            """;
        GeneratorHarness.Result result = GeneratorHarness.Run(Jobs.Types, WindowJobs.Ticks, job);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.Failures);
        Assert.Contains(expected, Assert.Single(result.Generated), StringComparison.Ordinal);
    }

    private static string Generate(string job, string baseline)
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(Jobs.Types, WindowJobs.Ticks, job);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.Failures);
        string generated = Assert.Single(result.Generated);
        SnapshotTests.AssertMatchesBaseline(baseline, generated);
        return generated;
    }
}
