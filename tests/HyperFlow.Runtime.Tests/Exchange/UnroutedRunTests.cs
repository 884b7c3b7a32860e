using CsCheck;
using HyperFlow.Runtime.Exchange;
using HyperFlow.Runtime.Sequencing;

namespace HyperFlow.Runtime.Tests.Exchange;

public class UnroutedRunTests
{
    [Fact]
    public void Batches_AcrossTheEndOfTheRingsArray_ArriveInOrderWithTheirTimestamps()
    {
        // Batches of random sizes (each at most the room the producer checked), a filter dropping some records,
        // and a consumer taking random amounts: the batches wrap around the ring's array at every offset.
        Gen.Select(Gen.Int[1, 16].Array[1, 60], Gen.Int[0, 3], Gen.Int[1, 16].Array[60])
            .Sample((batches, dropEvery, takes) =>
            {
                var ring = new SpscRing<Timestamped<long>>(16);
                var output = new HashExchangeOutput<Timestamped<long>>([ring], maxParallelism: 128);
                var expected = new List<(long, long)>();
                var received = new List<(long, long)>();
                long next = 0;
                int take = 0;
                foreach (int size in batches)
                {
                    int records = Math.Min(size, output.Room(size));
                    // The loop generated code runs: runs of claimed slots, each committed before the next claim.
                    int i = 0;
                    while (i < records)
                    {
                        Span<Timestamped<long>> slots = output.ClaimUnrouted(records - i);
                        int written = 0;
                        for (; i < records && written < slots.Length; i++, next++)
                        {
                            if (dropEvery != 0 && next % (dropEvery + 1) == 0)
                            {
                                continue;
                            }

                            StampedSlot.Write(ref slots[written++], in next, 1_000 + next);
                            expected.Add((next, 1_000 + next));
                        }

                        output.CommitUnrouted(written);
                    }

                    output.Flush();
                    ReadOnlySpan<Timestamped<long>> published = ring.Peek(takes[take++ % takes.Length]);
                    foreach (Timestamped<long> r in published)
                    {
                        received.Add((r.Value, r.Timestamp));
                    }

                    ring.Release(published.Length);
                }

                for (ReadOnlySpan<Timestamped<long>> rest = ring.Peek(16); !rest.IsEmpty; rest = ring.Peek(16))
                {
                    foreach (Timestamped<long> r in rest)
                    {
                        received.Add((r.Value, r.Timestamp));
                    }

                    ring.Release(rest.Length);
                }

                Assert.Equal(expected, received);
                Assert.Equal(expected.Count, output.Emitted);
            });
    }

    [Fact]
    public void MoreRecordsThanTheRingHasRoomFor_AreRefusedWithAnError()
    {
        var ring = new SpscRing<Timestamped<long>>(4);
        var output = new HashExchangeOutput<Timestamped<long>>([ring], maxParallelism: 128);
        Span<Timestamped<long>> slots = output.ClaimUnrouted(4);
        Assert.Equal(4, slots.Length);
        output.CommitUnrouted(4);

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => output.ClaimUnrouted(1));
        Assert.Contains("room", error.Message, StringComparison.Ordinal);
    }
}
