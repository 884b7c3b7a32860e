using System.Buffers;
using System.Globalization;
using System.Text.Unicode;
using HyperFlow.Windows;

namespace HyperFlow.CrashJob;

/// <summary>
/// The sum and count of each sensor's readings per 100 ms of event time, in a keyed tumbling window fed
/// by a rewindable source and written by the exactly-once file sink as <c>sensor,start,sum,count</c> lines.
/// </summary>
[Job("sensor-windows")]
internal static partial class SensorWindowsJob
{
    public const string SourceName = "readings";
    public const string SinkName = "windows";
    public const long WindowMs = 100;

    /// <summary>The watermark lags the highest timestamp by this much; per partition the timestamps ascend, so nothing is late.</summary>
    public const long MaxOutOfOrderMs = 20;

    /// <summary>Writes a result as the line the recovery test compares: <c>sensor,window start,sum,count</c>.</summary>
    public static void Encode(in WindowResult<long, SumCount> result, IBufferWriter<byte> output)
    {
        Span<byte> span = output.GetSpan(96);
        Utf8.TryWrite(span, CultureInfo.InvariantCulture, $"{result.Key},{result.Window.Start},{result.Value.Sum},{result.Value.Count}", out int written);
        output.Advance(written);
    }

    [Timestamp]
    internal static long TimeOf(in SensorReading r) => r.TimeMs;

    [KeyBy]
    internal static long Sensor(in SensorReading r) => r.Sensor;

    [Aggregate(Uid = "sums-per-100ms")]
    internal static void Add(ref SumCount acc, in SensorReading r) => acc = new SumCount(acc.Sum + r.Value, acc.Count + 1);

    [Pipeline]
    static void Define(IPipelineBuilder p) => p
        .From<SensorReading>(SourceName)
        .Timestamps(TimeOf, maxOutOfOrderMs: MaxOutOfOrderMs)
        .KeyBy(Sensor)
        .Window(TumblingWindows.OfMilliseconds(WindowMs))
        .Aggregate<SumCount>(Add)
        .To(SinkName);
}
