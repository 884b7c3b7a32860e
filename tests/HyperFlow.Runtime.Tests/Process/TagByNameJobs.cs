namespace HyperFlow.Runtime.Tests.Process;

/// <summary>Emits odd numbers to side output "odd" through a tag it creates itself, of the type the pipeline reads or of another.</summary>
public sealed class OddToSide
{
    public static bool WrongType { get; set; }

    [Process]
    public void Route(in long value, ProcessContext<long> context, Collector<long> output)
    {
        if (value % 2 == 0)
        {
            output.Emit(value);
        }
        else if (WrongType)
        {
            context.Output(new OutputTag<int>("odd"), (int)value);
        }
        else
        {
            context.Output(new OutputTag<long>("odd"), value);
        }
    }
}

/// <summary>numbers → key by value → evens to "evens", odds through the side output "odd" to "odds".</summary>
[Job("test-tag-by-name")]
public static partial class TagByNameJob
{
    internal static readonly OutputTag<long> Odd = new("odd");

    [KeyBy]
    internal static long Self(in long value) => value;

    [Pipeline]
    static void Define(IPipelineBuilder p) => p
        .From<long>("numbers")
        .KeyBy(Self)
        .Process<OddToSide, long>()
        .SideOutput(Odd, odd => odd.To("odds"))
        .To("evens");
}
