using System.Runtime.CompilerServices;
using CsCheck;
using HyperFlow.Runtime.Sequencing;

namespace HyperFlow.Runtime.Tests.Sequencing;

public class SpscRingTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void Constructor_CapacityNotPowerOfTwo_Throws(int capacity)
        => Assert.Throws<ArgumentOutOfRangeException>(() => new SpscRing<long>(capacity));

    [Fact]
    public void Peek_NothingPublished_IsEmptyUntilPublish()
    {
        var ring = new SpscRing<int>(4);
        ring.Write(7);
        Assert.True(ring.Peek(10).IsEmpty);
        ring.Publish();
        Assert.Equal([7], ring.Peek(10).ToArray());
    }

    [Fact]
    public void FreeCapacity_FullRing_IsZeroUntilRelease()
    {
        var ring = new SpscRing<int>(4);
        for (int i = 0; i < 4; i++)
        {
            ring.Write(i);
        }

        ring.Publish();
        Assert.Equal(0, ring.FreeCapacity());
        Assert.Equal(2, ring.Peek(2).Length);
        ring.Release(2);
        Assert.Equal(2, ring.FreeCapacity());
    }

    [Fact]
    public void TryComplete_EndOfInputComesAfterEveryRecord()
    {
        var ring = new SpscRing<int>(8);
        ring.Write(1);
        ring.Write(2);
        Assert.True(ring.TryComplete());
        Assert.False(ring.TryTakeControl(out _));
        Assert.Equal([1, 2], ring.Peek(8).ToArray());
        ring.Release(2);
        Assert.True(ring.TryTakeControl(out ControlEvent end));
        Assert.Equal(ControlKind.EndOfInput, end.Kind);
        Assert.Equal(2, end.Sequence);
        Assert.False(ring.HasPending());
    }

    [Fact]
    public void TryWriteTryRead_FullAndEmpty_ReturnFalse()
    {
        var ring = new SpscRing<int>(2);
        Assert.False(ring.TryRead(out _));
        Assert.True(ring.TryWrite(1));
        Assert.True(ring.TryWrite(2));
        Assert.False(ring.TryWrite(3));
        Assert.True(ring.TryRead(out int first));
        Assert.Equal(1, first);
        Assert.True(ring.TryWrite(3));
        Assert.True(ring.TryRead(out int second));
        Assert.True(ring.TryRead(out int third));
        Assert.Equal((2, 3), (second, third));
    }

    [Fact]
    public void Claim_StopsAtArrayEndAndFreeCapacity()
    {
        var ring = new SpscRing<int>(8);
        Span<int> claimed = ring.Claim(5);
        Assert.Equal(5, claimed.Length);
        claimed.Fill(7);
        ring.Advance(5);
        ring.Publish();
        Assert.Equal(3, ring.Claim(100).Length);
        ring.Release(ring.Peek(8).Length);
        // Next index is 5: three slots to the end of the array, although eight are free.
        Assert.Equal(3, ring.Claim(100).Length);
    }

    [Fact]
    public void TryPublishControl_LaneFull_ReturnsFalseUntilConsumed()
    {
        var ring = new SpscRing<int>(4);
        int published = 0;
        while (ring.TryPublishControl(ControlKind.Watermark, published))
        {
            published++;
        }

        Assert.Equal(64, published);
        Assert.False(ring.HasControlRoom());
        Assert.True(ring.TryTakeControl(out ControlEvent first));
        Assert.Equal(0, first.Value);
        Assert.True(ring.TryPublishControl(ControlKind.Watermark, 64));
    }

    [Fact]
    public void Release_ReferenceTypes_DropsReferences()
    {
        var ring = new SpscRing<object>(4);
        WeakReference weak = WriteAndReleaseObject(ring);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.False(weak.IsAlive);
    }

    [Fact]
    public void Sequences_PastTwoToThe31_WrapAroundTheArrayWithoutLossOrReordering()
    {
        // Start just below 2^32 so sequences cross both 2^31 and 2^32 while the index wraps many times.
        var ring = new SpscRing<long>(8, initialSequence: (1L << 32) - 20);
        long written = 0;
        long read = 0;
        var random = new Random(1);
        while (read < 1000)
        {
            int toWrite = Math.Min(random.Next(0, 9), ring.FreeCapacity());
            for (int i = 0; i < toWrite; i++)
            {
                ring.Write(written++);
            }

            ring.Publish();
            ReadOnlySpan<long> batch = ring.Peek(random.Next(1, 9));
            foreach (long value in batch)
            {
                Assert.Equal(read++, value);
            }

            ring.Release(batch.Length);
        }
    }

    [Fact]
    public void ProducerAndConsumerThreads_RandomBatchSizes_DeliverEveryEventOnceInOrder()
    {
        Gen.Select(Gen.Int[1, 8], Gen.Int[1, 20_000], Gen.Int[1, 64], Gen.Int[1, 64], Gen.Int)
            .Sample(
                t =>
                {
                    (int log2Capacity, int count, int maxWrite, int maxRead, int seed) = t;
                    var ring = new SpscRing<long>(1 << log2Capacity);
                    var producer = new Thread(() =>
                    {
                        var random = new Random(seed);
                        long next = 0;
                        while (next < count)
                        {
                            int n = (int)Math.Min(Math.Min(random.Next(1, maxWrite + 1), ring.FreeCapacity()), count - next);
                            for (int i = 0; i < n; i++)
                            {
                                ring.Write(next++);
                            }

                            ring.Publish();
                            if (n == 0 || random.Next(4) == 0)
                            {
                                Thread.Yield();
                            }
                        }

                        Assert.True(ring.TryComplete());
                    })
                    { IsBackground = true };
                    producer.Start();

                    var reader = new Random(~seed);
                    long expected = 0;
                    ControlEvent end = default;
                    while (!ring.TryTakeControl(out end))
                    {
                        ReadOnlySpan<long> batch = ring.Peek(reader.Next(1, maxRead + 1));
                        foreach (long value in batch)
                        {
                            Assert.Equal(expected++, value);
                        }

                        ring.Release(batch.Length);
                        if (batch.IsEmpty || reader.Next(4) == 0)
                        {
                            Thread.Yield();
                        }
                    }

                    Assert.True(producer.Join(TimeSpan.FromMinutes(1)), "producer did not finish");
                    Assert.Equal(ControlKind.EndOfInput, end.Kind);
                    Assert.Equal(count, expected);
                },
                iter: 40);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference WriteAndReleaseObject(SpscRing<object> ring)
    {
        var item = new object();
        ring.Write(item);
        ring.Publish();
        ring.Release(ring.Peek(1).Length);
        return new WeakReference(item);
    }
}
