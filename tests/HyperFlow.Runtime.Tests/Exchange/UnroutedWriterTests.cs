using CsCheck;
using HyperFlow.Runtime.Exchange;
using HyperFlow.Runtime.Sequencing;

namespace HyperFlow.Runtime.Tests.Exchange;

public class UnroutedWriterTests
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
                    UnroutedWriter<Timestamped<long>> writer = output.BeginUnrouted(records);
                    for (int i = 0; i < records; i++, next++)
                    {
                        if (dropEvery != 0 && next % (dropEvery + 1) == 0)
                        {
                            continue;
                        }

                        writer.WriteStamped(in next, 1_000 + next);
                        expected.Add((next, 1_000 + next));
                    }

                    writer.Commit();
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
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() =>
        {
            UnroutedWriter<Timestamped<long>> writer = output.BeginUnrouted(4);
            for (long i = 0; i < 5; i++)
            {
                writer.WriteStamped(in i, i);
            }
        });
        Assert.Contains("room", error.Message, StringComparison.Ordinal);
    }
}
