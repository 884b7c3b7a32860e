using CsCheck;
using HyperFlow.Runtime.Time;

namespace HyperFlow.Runtime.Tests.Time;

/// <summary>
/// The watermark of a task with several inputs, against plain models: without idleness it is the running
/// maximum of the minimum over the inputs; with inputs that go idle for good, of the minimum over the
/// others; and it never goes back, whatever the inputs do.
/// </summary>
public class WatermarkValveTests
{
    private enum Kind
    {
        Watermark,
        Idle,
        Active,
        End,
    }

    [Fact]
    public void NoIdleness_IsRunningMaximumOfMinimumOverInputs()
        => Gen.Select(Gen.Int[1, 4], Events(idle: false))
            .Sample((inputs, events) =>
            {
                var valve = new WatermarkValve(inputs);
                long[] latest = [.. Enumerable.Repeat(long.MinValue, inputs)];
                long expected = long.MinValue;
                foreach ((int input, Kind kind, long value) in events.Where(e => e.Input < inputs))
                {
                    WatermarkChange change = Apply(valve, input, kind, value);
                    latest[input] = kind == Kind.End ? long.MaxValue : Math.Max(latest[input], value);
                    bool advanced = latest.Min() > expected;
                    expected = Math.Max(expected, latest.Min());
                    Assert.Equal(expected, valve.Watermark);
                    Assert.Equal(advanced ? WatermarkChange.Advanced : WatermarkChange.None, change);
                    Assert.False(valve.IsIdle);
                }
            });

    [Fact]
    public void InputsIdleForGood_IsRunningMaximumOfMinimumOverTheOthers()
        => Gen.Select(Gen.Int[1, 4], Events(idle: true))
            .Sample((inputs, events) =>
            {
                var valve = new WatermarkValve(inputs);
                long[] latest = [.. Enumerable.Repeat(long.MinValue, inputs)];
                bool[] idle = new bool[inputs];
                bool[] ended = new bool[inputs];
                long expected = long.MinValue;
                foreach ((int input, Kind kind, long value) in events.Where(e => e.Input < inputs && e.Kind != Kind.Active))
                {
                    if (ended[input] || idle[input])
                    {
                        // Once idle an input stays idle here (and an ended input sends nothing).
                        continue;
                    }

                    WatermarkChange change = Apply(valve, input, kind, value);
                    idle[input] |= kind == Kind.Idle;
                    ended[input] |= kind == Kind.End;
                    if (kind == Kind.Watermark)
                    {
                        latest[input] = Math.Max(latest[input], value);
                    }

                    long[] active = [.. Enumerable.Range(0, inputs).Where(i => !idle[i] && !ended[i]).Select(i => latest[i])];
                    bool allEnded = ended.All(e => e);
                    long next = allEnded ? long.MaxValue : active.Length > 0 ? Math.Max(expected, active.Min()) : expected;
                    Assert.Equal(next > expected, (change & WatermarkChange.Advanced) != 0);
                    expected = next;
                    Assert.Equal(expected, valve.Watermark);
                    Assert.Equal(!allEnded && active.Length == 0, valve.IsIdle);
                }
            });

    [Fact]
    public void AnyEvents_WatermarkNeverGoesBackAndIdleMeansEveryLiveInputIdle()
        => Gen.Select(Gen.Int[1, 4], Events(idle: true))
            .Sample((inputs, events) =>
            {
                var valve = new WatermarkValve(inputs);
                bool[] idle = new bool[inputs];
                bool[] ended = new bool[inputs];
                bool wasIdle = false;
                long previous = long.MinValue;
                foreach ((int input, Kind kind, long value) in events.Where(e => e.Input < inputs))
                {
                    WatermarkChange change = Apply(valve, input, kind, value);
                    ended[input] |= kind == Kind.End;
                    idle[input] = !ended[input] && kind switch { Kind.Idle => true, Kind.Active => false, _ => idle[input] };
                    bool isIdle = !ended.All(e => e) && Enumerable.Range(0, inputs).All(i => ended[i] || idle[i]);

                    Assert.True(valve.Watermark >= previous);
                    Assert.Equal(valve.Watermark > previous, (change & WatermarkChange.Advanced) != 0);
                    Assert.Equal(isIdle, valve.IsIdle);
                    Assert.Equal(isIdle && !wasIdle, (change & WatermarkChange.Idle) != 0);
                    Assert.Equal(!isIdle && wasIdle, (change & WatermarkChange.Active) != 0);
                    previous = valve.Watermark;
                    wasIdle = isIdle;
                }
            });

    [Fact]
    public void InputBackFromIdleness_DoesNotHoldBackUntilItCatchesUp()
    {
        var valve = new WatermarkValve(2);
        valve.OnWatermark(0, 10);
        valve.OnWatermark(1, 10);
        Assert.Equal(10, valve.Watermark);

        Assert.Equal(WatermarkChange.None, valve.OnIdle(1));
        Assert.Equal(WatermarkChange.Advanced, valve.OnWatermark(0, 50));
        Assert.Equal(WatermarkChange.None, valve.OnActive(1));

        // Input 1 trails (10 < 50): left out until it reaches the task's watermark.
        Assert.Equal(WatermarkChange.Advanced, valve.OnWatermark(0, 60));
        Assert.Equal(60, valve.Watermark);
        Assert.Equal(WatermarkChange.None, valve.OnWatermark(1, 55));
        Assert.Equal(WatermarkChange.None, valve.OnWatermark(1, 70));
        Assert.Equal(60, valve.Watermark);

        // Caught up: it holds back again.
        Assert.Equal(WatermarkChange.Advanced, valve.OnWatermark(0, 100));
        Assert.Equal(70, valve.Watermark);
    }

    [Fact]
    public void EndedAndIdleInputs_HoldWatermarkWithoutJumpingToTheEnd()
    {
        var valve = new WatermarkValve(2);
        valve.OnWatermark(0, 5);
        valve.OnWatermark(1, 7);
        Assert.Equal(WatermarkChange.Advanced, valve.OnEnd(0));
        Assert.Equal(7, valve.Watermark);

        // The only live input goes idle: the output is idle, and the watermark is not flushed to the end.
        Assert.Equal(WatermarkChange.Idle, valve.OnIdle(1));
        Assert.Equal(7, valve.Watermark);

        Assert.Equal(WatermarkChange.Active | WatermarkChange.Advanced, valve.OnEnd(1));
        Assert.Equal(long.MaxValue, valve.Watermark);
        Assert.False(valve.IsIdle);
    }

    private static WatermarkChange Apply(WatermarkValve valve, int input, Kind kind, long value) => kind switch
    {
        Kind.Watermark => valve.OnWatermark(input, value),
        Kind.Idle => valve.OnIdle(input),
        Kind.Active => valve.OnActive(input),
        _ => valve.OnEnd(input),
    };

    private static Gen<(int Input, Kind Kind, long Value)[]> Events(bool idle)
    {
        Gen<Kind> kind = idle
            ? Gen.Frequency((8, Gen.Const(Kind.Watermark)), (2, Gen.Const(Kind.Idle)), (2, Gen.Const(Kind.Active)), (1, Gen.Const(Kind.End)))
            : Gen.Frequency((8, Gen.Const(Kind.Watermark)), (1, Gen.Const(Kind.End)));
        return Gen.Select(Gen.Int[0, 3], kind, Gen.Long[-100, 100]).Array[0, 40];
    }
}
