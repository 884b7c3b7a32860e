using System.Runtime.CompilerServices;
using HyperFlow.Runtime.Sequencing;

namespace HyperFlow.Runtime.Tests.Sequencing;

/// <summary>
/// Every padded type keeps its fields at least 64 bytes away from both of its ends, so that nothing
/// outside it shares a cache line with them (false sharing), whatever the enclosing object's alignment.
/// </summary>
public class SequencerLayoutTests
{
    [Fact]
    public void ProducerShared_Layout()
    {
        var s = default(ProducerShared);
        AssertPadded(ref s, 144, Offset(ref s, ref s.Published), Offset(ref s, ref s.ControlPublished));
        Assert.Equal(64, Offset(ref s, ref s.Published));
        Assert.Equal(72, Offset(ref s, ref s.ControlPublished));
    }

    [Fact]
    public void ConsumerShared_Layout()
    {
        var s = default(ConsumerShared);
        AssertPadded(ref s, 144, Offset(ref s, ref s.Consumed), Offset(ref s, ref s.ControlConsumed));
        Assert.Equal(64, Offset(ref s, ref s.Consumed));
        Assert.Equal(72, Offset(ref s, ref s.ControlConsumed));
    }

    [Fact]
    public void ProducerLocal_Layout()
    {
        var s = default(ProducerLocal);
        AssertPadded(ref s, 160, Offset(ref s, ref s.Next), Offset(ref s, ref s.CachedConsumed), Offset(ref s, ref s.CachedControlConsumed));
        Assert.Equal([64, 72, 80], new[] { Offset(ref s, ref s.Next), Offset(ref s, ref s.CachedConsumed), Offset(ref s, ref s.CachedControlConsumed) });
    }

    [Fact]
    public void ConsumerLocal_Layout()
    {
        var s = default(ConsumerLocal);
        AssertPadded(ref s, 152, Offset(ref s, ref s.CachedPublished), Offset(ref s, ref s.CachedControlPublished), Offset(ref s, ref s.NextControlSequence));
        Assert.Equal([64, 72, 80], new[] { Offset(ref s, ref s.CachedPublished), Offset(ref s, ref s.CachedControlPublished), Offset(ref s, ref s.NextControlSequence) });
    }

    private static void AssertPadded<T>(ref T value, int size, params int[] fieldOffsets)
        where T : struct
    {
        Assert.Equal(size, Unsafe.SizeOf<T>());
        Assert.True(fieldOffsets.Min() >= 64, $"{typeof(T).Name}: a field starts {fieldOffsets.Min()} bytes from the start");
        Assert.True(size - (fieldOffsets.Max() + sizeof(long)) >= 64, $"{typeof(T).Name}: a field ends {size - (fieldOffsets.Max() + sizeof(long))} bytes from the end");
    }

    private static int Offset<T>(ref T owner, ref long field)
        where T : struct
        => (int)Unsafe.ByteOffset(ref Unsafe.As<T, byte>(ref owner), ref Unsafe.As<long, byte>(ref field));
}
