using System.Globalization;
using HyperFlow.Windows;

namespace HyperFlow.Runtime.Tests.Windows;

/// <summary>A process function that emits two results per window: what it knows about the window, and the element count.</summary>
internal sealed class DescribeWindowFunction : IProcessWindowFunction<string, long, string>
{
    public void Process(in string key, in WindowContext context, ReadOnlySpan<long> elements, Collector<string> output)
    {
        output.Emit(string.Create(CultureInfo.InvariantCulture, $"{key} [{context.Window.Start},{context.Window.End}) watermark {context.CurrentWatermark} clock {context.CurrentProcessingTime}"));
        output.Emit(string.Create(CultureInfo.InvariantCulture, $"{elements.Length} elements"));
    }
}
