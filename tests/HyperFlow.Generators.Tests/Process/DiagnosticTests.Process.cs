using Microsoft.CodeAnalysis;

namespace HyperFlow.Generators.Tests;

/// <summary>The diagnostics of keyed process functions and side outputs, HF0030-HF0039.</summary>
public partial class DiagnosticTests
{
    [Fact]
    public void HF0030_ProcessFunctionWithoutProcessMethod()
    {
        string job = ProcessJobs.IdleSums.Replace("[Process]", string.Empty, StringComparison.Ordinal).Replace("[OnTimer]", string.Empty, StringComparison.Ordinal);
        Diagnostic d = SingleProcess(job, "HF0030");
        Assert.Equal("Process function 'SumUntilIdle' has no [Process] method; give it exactly one, such as '[Process] public void OnEvent(in Payment value, ProcessContext<long> context, Collector<Total> output)'", d.GetMessage());
        Assert.Equal("SumUntilIdle", Text(d, job));
    }

    [Fact]
    public void HF0030_TwoProcessMethods()
    {
        string job = ProcessJobs.IdleSums.Replace("[OnTimer]", "[Process]", StringComparison.Ordinal);
        Diagnostic d = SingleProcess(job, "HF0030");
        Assert.StartsWith("Process function 'SumUntilIdle' has 2 [Process] methods (Add, Flush); give it exactly one", d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("Flush", Text(d, job));
    }

    [Theory]
    [InlineData("public void Add(in Payment p,", "public void Add(in Total p,", "takes 'Total' first, but the keyed stream carries Payment, passed 'in'")]
    [InlineData("public void Add(in Payment p,", "public void Add(Payment p,", "takes 'Payment' first, but the keyed stream carries Payment, passed 'in'")]
    [InlineData("ProcessContext<long> context, Collector<Total> output)\n", "ProcessContext<string> context, Collector<Total> output)\n", "must take a ProcessContext<long> second (the stream is keyed by long)")]
    [InlineData("public void Add(in Payment p, ProcessContext<long> context, Collector<Total> output)", "public void Add(in Payment p, ProcessContext<long> context, Collector<Payment> output)", "must take a Collector<Total> third (the pipeline declares outputs of Total)")]
    [InlineData("public void Add(", "public static void Add(", "is static, but the function's instance holds its state handles")]
    [InlineData("public void Add(", "private void Add(", "is not accessible from job class 'IdleSums'; make it public or internal")]
    public void HF0031_ProcessMethodSignature(string from, string to, string problem)
    {
        string job = ProcessJobs.IdleSums.Replace(from, to, StringComparison.Ordinal);
        Diagnostic d = SingleProcess(job, "HF0031");
        Assert.Equal($"[Process] method 'SumUntilIdle.Add' {problem}; write it as 'public void Add(in Payment value, ProcessContext<long> context, Collector<Total> output)'", d.GetMessage());
        Assert.Equal("Add", Text(d, job));
    }

    [Fact]
    public void HF0031_ProcessMethodInTheJobClass()
    {
        string job = ProcessJobs.IdleSums.Replace(
            "[Map] static long AmountOf(in Payment p) => p.Amount;",
            "[Map] static long AmountOf(in Payment p) => p.Amount;\n    [Process] static void Route(in Payment p, ProcessContext<long> context, Collector<Total> output) { }",
            StringComparison.Ordinal);
        Diagnostic d = SingleProcess(job, "HF0031");
        Assert.StartsWith("[Process] method 'IdleSums.Route' is in the job class; a process function is a class of its own", d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("Route", Text(d, job));
    }

    [Theory]
    [InlineData("public void Flush(long time,", "public void Flush(int time,", "must take the timer's time (a long) first")]
    [InlineData("TimerContext<long> context", "ProcessContext<long> context", "must take a TimerContext<long> second (the stream is keyed by long)")]
    public void HF0032_OnTimerMethodSignature(string from, string to, string problem)
    {
        string job = ProcessJobs.IdleSums.Replace(from, to, StringComparison.Ordinal);
        Diagnostic d = SingleProcess(job, "HF0032");
        Assert.Equal($"[OnTimer] method 'SumUntilIdle.Flush' {problem}; write it as 'public void Flush(long time, TimerContext<long> context, Collector<Total> output)'", d.GetMessage());
        Assert.Equal("Flush", Text(d, job));
    }

    [Fact]
    public void HF0033_OnTimerWithoutProcess()
    {
        string job = ProcessJobs.IdleSums.Replace("[Process]", string.Empty, StringComparison.Ordinal);
        Diagnostic d = SingleProcess(job, "HF0033");
        Assert.Equal("[OnTimer] method 'SumUntilIdle.Flush' is in 'SumUntilIdle', which has no [Process] method; add '[Process] public void OnEvent(in Payment value, ProcessContext<long> context, Collector<Total> output)' to the class: its timers are registered while it processes events", d.GetMessage());
        Assert.Equal("Flush", Text(d, job));
    }

    [Fact]
    public void HF0033_OnTimerInTheJobClass()
    {
        string job = ProcessJobs.IdleSums.Replace(
            "[Map] static long AmountOf(in Payment p) => p.Amount;",
            "[Map] static long AmountOf(in Payment p) => p.Amount;\n    [OnTimer] static void Expire(long time, TimerContext<long> context, Collector<Total> output) { }",
            StringComparison.Ordinal);
        Diagnostic d = SingleProcess(job, "HF0033");
        Assert.StartsWith("[OnTimer] method 'IdleSums.Expire' is in the job class, where no [Process] method can own it; move it into the process function class", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void HF0034_ProcessWithoutKeyBy()
    {
        string job = ProcessJobs.IdleSums.Replace(".KeyBy(Account)\n", string.Empty, StringComparison.Ordinal);
        GeneratorHarness.Result result = GeneratorHarness.Run(ProcessJobs.Types, job);
        Diagnostic d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("HF0034", d.Id);
        Assert.Equal("'Process' is applied to a stream of Payment that is not keyed; a process function keeps state and timers per key, so key the stream first: .KeyBy(KeyMethod).Process<SumUntilIdle, Total>()", d.GetMessage());
        Assert.Equal("Process<SumUntilIdle, Total>", Text(d, job));
        // The compiler reports the missing member too; nothing is generated.
        Assert.Contains(result.CompilationDiagnostics, c => c.Id == "CS1061");
        Assert.Empty(result.Generated);
    }

    [Theory]
    [InlineData("public sealed class SumUntilIdle(KeyedStateStore<long> state)", "public sealed class SumUntilIdle(KeyedStateStore<long> state, int limit)", "has no constructor the job can call; give it a public constructor that takes its state store, 'public SumUntilIdle(KeyedStateStore<long> state)'")]
    [InlineData("public sealed class SumUntilIdle(KeyedStateStore<long> state)", "public abstract class SumUntilIdle(KeyedStateStore<long> state)", "is not a class the job can create an instance of")]
    [InlineData("public sealed class SumUntilIdle(KeyedStateStore<long> state)", "public sealed class SumUntilIdle(KeyedStateStore<string> state)", "has no constructor the job can call")]
    public void HF0035_ProcessFunctionNotCreatable(string from, string to, string problem)
    {
        string job = ProcessJobs.IdleSums.Replace(from, to, StringComparison.Ordinal);
        GeneratorHarness.Result result = GeneratorHarness.Run(ProcessJobs.Types, job);
        Diagnostic d = Assert.Single(result.GeneratorDiagnostics, g => g.Id == "HF0035");
        Assert.StartsWith("Process function 'SumUntilIdle' " + problem, d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("SumUntilIdle", Text(d, job));
        Assert.Empty(result.Generated);
    }

    [Theory]
    [InlineData(".SideOutput(Large,", ".SideOutput(new OutputTag<Payment>(\"large\"),", "new OutputTag<Payment>(\"large\")", "is not a static readonly field")]
    [InlineData("internal static readonly OutputTag<Payment> Large = new(\"large\");", "internal static readonly OutputTag<Payment> Large = new(System.Environment.MachineName);", "Large", "is not created with a constant name, such as new(\"late\")")]
    [InlineData("internal static readonly OutputTag<Payment> Large = new(\"large\");", "internal static OutputTag<Payment> Large = new(\"large\");", "Large", "is not a static readonly field")]
    public void HF0036_SideOutputTagNotUnderstood(string from, string to, string text, string problem)
    {
        string job = ProcessJobs.IdleSums.Replace(from, to, StringComparison.Ordinal);
        Diagnostic d = SingleProcess(job, "HF0036");
        Assert.Equal($"Side output tag '{text}' {problem}; declare each tag once, as 'static readonly OutputTag<T> Name = new(\"name\");' in the job class (or internal elsewhere), and use that field", d.GetMessage());
        Assert.Equal(text, Text(d, job));
    }

    [Fact]
    public void HF0036_TwoTagsOfOneName()
    {
        string job = ProcessJobs.IdleSums
            .Replace("internal static readonly OutputTag<Payment> Large = new(\"large\");", "internal static readonly OutputTag<Payment> Large = new(\"large\");\n    internal static readonly OutputTag<Payment> Big = new(\"large\");", StringComparison.Ordinal)
            .Replace(".To(\"large-amounts\"))", ".To(\"large-amounts\"))\n        .SideOutput(Big, big => big.To(\"big\"))", StringComparison.Ordinal);
        Diagnostic d = Assert.Single(GeneratorHarness.Run(ProcessJobs.Types, job).GeneratorDiagnostics, g => g.Id == "HF0036");
        Assert.StartsWith("Side output tag 'Big' has the name 'large' of another tag of the job, 'Sample.IdleSums.Large'", d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".Process<SumUntilIdle, Total>()\n        .SideOutput(Large, large => large.Map(AmountOf).To(\"large-amounts\"))", ".Process<SumUntilIdle, Total>()\n        .Map(Same)\n        .SideOutput(Large, large => large.Map(AmountOf).To(\"large-amounts\"))", "follows Map 'IdleSums.Same', which has no side outputs; read a side output right after the .Process<TFunction, TOut>() whose function emits to it")]
    [InlineData(".To(\"large-amounts\"))", ".To(\"large-amounts\"))\n        .SideOutput(Large, again => again.To(\"again\"))", "reads side output 'large' of 'SumUntilIdle' a second time; read it once; its stream can fan out downstream")]
    public void HF0037_SideOutputMisplaced(string from, string to, string problem)
    {
        string job = ProcessJobs.IdleSums
            .Replace("[Map] static long AmountOf", "[Map] static Total Same(in Total t) => t;\n    [Map] static long AmountOf", StringComparison.Ordinal)
            .Replace(from, to, StringComparison.Ordinal);
        GeneratorHarness.Result result = GeneratorHarness.Run(ProcessJobs.Types, job);
        Diagnostic d = Assert.Single(result.GeneratorDiagnostics, g => g.Id == "HF0037");
        Assert.Equal("'SideOutput(Large, ...)' " + problem, d.GetMessage());
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("SideOutput", Text(d, job).Split('(')[0]);
        Assert.Empty(result.Generated);
    }

    [Fact]
    public void HF0038_SideOutputNeverEmitted_WarnsAtTheTagAndStillGenerates()
    {
        string job = ProcessJobs.IdleSums.Replace("context.Output(IdleSums.Large, p);", "output.Emit(default);", StringComparison.Ordinal);
        GeneratorHarness.Result result = GeneratorHarness.Run(ProcessJobs.Types, job);
        Diagnostic d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(("HF0038", DiagnosticSeverity.Warning), (d.Id, d.Severity));
        Assert.Equal("Side output 'large' is read after 'SumUntilIdle', but 'SumUntilIdle' never emits to it, so its stream stays empty; emit to it with context.Output(Large, value), or remove this SideOutput", d.GetMessage());
        Assert.Equal("Large", Text(d, job));
        Assert.Single(result.Generated);
    }

    [Fact]
    public void HF0038_SideOutputNotRead_WarnsAtTheEmitAndIsSuppressedByPragma()
    {
        string job = ProcessJobs.IdleSums.Replace("        .SideOutput(Large, large => large.Map(AmountOf).To(\"large-amounts\"))\n", string.Empty, StringComparison.Ordinal)
            .Replace("[Map] static long AmountOf(in Payment p) => p.Amount;", string.Empty, StringComparison.Ordinal);
        Diagnostic d = Assert.Single(GeneratorHarness.Run(ProcessJobs.Types, job).GeneratorDiagnostics);
        Assert.Equal(("HF0038", DiagnosticSeverity.Warning), (d.Id, d.Severity));
        Assert.Equal("Process function 'SumUntilIdle' emits to side output 'Large', but the pipeline does not read it after .Process<SumUntilIdle, ...>(), so those records are dropped; add .SideOutput(Large, s => s...To(\"sink\")) right after it, or stop emitting to it", d.GetMessage());
        Assert.Equal("context.Output(IdleSums.Large, p)", Text(d, job));
        Assert.False(d.IsSuppressed);

        string suppressed = job.Replace("context.Output(IdleSums.Large, p);", "#pragma warning disable HF0038\n                    context.Output(IdleSums.Large, p);\n#pragma warning restore HF0038", StringComparison.Ordinal);
        GeneratorHarness.Result result = GeneratorHarness.Run(ProcessJobs.Types, suppressed);
        Assert.True(Assert.Single(result.GeneratorDiagnostics).IsSuppressed, "#pragma warning disable HF0038 did not suppress the diagnostic");
        Assert.Empty(result.Failures);
    }

    [Fact]
    public void HF0039_FileLocalEventType()
    {
        string job = ProcessJobs.IdleSums
            .Replace(".SideOutput(Large, large => large.Map(AmountOf)", ".SideOutput(Large, large => large.Map(Local.ToCents).Map(Local.Back)", StringComparison.Ordinal)
            + """

            file readonly record struct Cents(long Value);

            file static class Local
            {
                [Map] public static Cents ToCents(in Payment p) => new(p.Amount * 100);
                [Map] public static Payment Back(in Cents c) => new(0, c.Value, 0);
            }
            """;
        Diagnostic d = SingleProcess(job, "HF0039");
        Assert.Equal("Type 'Cents' is file-local, so the code HyperFlow generates for 'Map' (in a file of its own) cannot name it; remove the 'file' modifier (make it internal or public)", d.GetMessage());
        Assert.Equal("large.Map(Local.ToCents)", Text(d, job));
    }

    [Fact]
    public void HF0039_SuppressedByPragma_IsNotReported()
    {
        string job = "#pragma warning disable HF0039\n" + ProcessJobs.IdleSums
            .Replace(".Process<SumUntilIdle, Total>()", ".Process<LocalSums, Total>()", StringComparison.Ordinal)
            + """

            file sealed class LocalSums
            {
                [Process] public void Add(in Payment p, ProcessContext<long> context, Collector<Total> output) => output.Emit(default);
            }
            """;
        Diagnostic d = Assert.Single(GeneratorHarness.Run(ProcessJobs.Types, job).GeneratorDiagnostics, g => g.Id == "HF0039");
        Assert.True(d.IsSuppressed, "#pragma warning disable HF0039 did not suppress the diagnostic");
    }

    private static Diagnostic SingleProcess(string job, string id)
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(ProcessJobs.Types, job);
        Diagnostic d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(id, d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Empty(result.Generated);
        return d;
    }
}
