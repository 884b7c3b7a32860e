using CsCheck;
using HyperFlow.Runtime.Sequencing;

namespace HyperFlow.Runtime.Tests.Sequencing;

public class UnmanagedSpscRingTests
{
    private readonly record struct Event16(long Sequence, long Value);

    [Fact]
    public void NextSlot_FillsInPlaceAndPeekReadsInPlace()
    {
        using var ring = new UnmanagedSpscRing<Event16>(4);
        ring.NextSlot() = new Event16(1, 10);
        ring.Advance(1);
        ring.Write(new Event16(2, 20));
        ring.Publish();

        Assert.Equal([new Event16(1, 10), new Event16(2, 20)], ring.Peek(8).ToArray());
        ring.Release(2);
        Assert.Equal(4, ring.FreeCapacity());
    }

    [Fact]
    public void TryComplete_HasPendingUntilEndOfInputTaken()
    {
        using var ring = new UnmanagedSpscRing<Event16>(4);
        Assert.False(ring.HasPending());
        ring.Write(new Event16(1, 1));
        Assert.True(ring.HasControlRoom());
        Assert.True(ring.TryComplete());
        Assert.True(ring.HasPending());
        Assert.False(ring.TryTakeControl(out _));
        ring.Release(ring.Peek(4).Length);
        Assert.True(ring.TryTakeControl(out ControlEvent end));
        Assert.Equal(ControlKind.EndOfInput, end.Kind);
        Assert.False(ring.HasPending());
    }

    [Fact]
    public void ProducerAndConsumerThreads_RandomBatches_DeliverEveryEventOnceInOrder()
    {
        Gen.Select(Gen.Int[1, 7], Gen.Int[1, 20_000], Gen.Int)
            .Sample(
                t =>
                {
                    (int log2Capacity, int count, int seed) = t;
                    using var ring = new UnmanagedSpscRing<Event16>(1 << log2Capacity);
                    var producer = new Thread(() =>
                    {
                        var random = new Random(seed);
                        long next = 0;
                        while (next < count)
                        {
                            Span<Event16> claimed = ring.Claim((int)Math.Min(random.Next(1, 32), count - next));
                            for (int i = 0; i < claimed.Length; i++)
                            {
                                claimed[i] = new Event16(next, next * 3);
                                next++;
                            }

                            ring.Advance(claimed.Length);
                            ring.Publish();
                            if (claimed.IsEmpty)
                            {
                                Thread.Yield();
                            }
                        }

                        while (!ring.TryPublishControl(ControlKind.EndOfInput, 0))
                        {
                            Thread.Yield();
                        }
                    })
                    { IsBackground = true };
                    producer.Start();

                    var reader = new Random(~seed);
                    long expected = 0;
                    while (!ring.TryTakeControl(out _))
                    {
                        ReadOnlySpan<Event16> batch = ring.Peek(reader.Next(1, 40));
                        foreach (Event16 e in batch)
                        {
                            Assert.Equal(new Event16(expected, expected * 3), e);
                            expected++;
                        }

                        ring.Release(batch.Length);
                        if (batch.IsEmpty)
                        {
                            Thread.Yield();
                        }
                    }

                    Assert.True(producer.Join(TimeSpan.FromMinutes(1)), "producer did not finish");
                    Assert.Equal(count, expected);
                },
                iter: 30);
    }
}
