using CsCheck;

namespace HyperFlow.Runtime.Tests.Time;

public class BoundedOutOfOrdernessWatermarksTests
{
    [Fact]
    public void Watermark_IsLargestTimestampMinusBoundMinusOne_AndNeverGoesBack()
        => Gen.Select(Gen.Long[0, 10_000], Gen.Long[-1_000_000, 1_000_000].Array[1, 50].Array[1, 10])
            .Sample((bound, batches) =>
            {
                var generator = new BoundedOutOfOrdernessWatermarks<int>(bound);
                var output = new WatermarkOutput();
                long max = long.MinValue;
                long previous = long.MinValue;
                foreach (long[] batch in batches)
                {
                    foreach (long timestamp in batch)
                    {
                        generator.OnEvent(0, timestamp, ref output);
                        max = Math.Max(max, timestamp);
                    }

                    generator.OnPeriodicEmit(ref output);
                    Assert.Equal(max - bound - 1, output.Watermark);
                    Assert.True(output.Watermark >= previous);
                    previous = output.Watermark;
                }
            });

    [Fact]
    public void NoEvents_WatermarkStaysAtMinimum()
    {
        var generator = new BoundedOutOfOrdernessWatermarks<int>(long.MaxValue);
        var output = new WatermarkOutput();
        generator.OnPeriodicEmit(ref output);
        Assert.Equal(long.MinValue, output.Watermark);
        Assert.False(output.IsIdle);
    }

    [Fact]
    public void ZeroBound_IsTheWatermarkOfAscendingTimestamps()
    {
        var generator = new BoundedOutOfOrdernessWatermarks<int>(0);
        var output = new WatermarkOutput();
        generator.OnEvent(0, 41, ref output);
        generator.OnEvent(0, 42, ref output);
        generator.OnPeriodicEmit(ref output);
        Assert.Equal(41, output.Watermark);
    }

    [Fact]
    public void NegativeBound_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new BoundedOutOfOrdernessWatermarks<int>(-1));

    [Fact]
    public void Output_EmitIgnoresRegressionAndMarksActive()
    {
        var output = new WatermarkOutput();
        output.MarkIdle();
        Assert.True(output.IsIdle);
        output.EmitWatermark(10);
        output.EmitWatermark(5);
        Assert.Equal(10, output.Watermark);
        Assert.False(output.IsIdle);
    }
}
