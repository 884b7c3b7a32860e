using System.Collections.Generic;
using System.Linq;
using HyperFlow.Generators.Model;

namespace HyperFlow.Generators
{
    /// <summary>
    /// Splits a pipeline's stages into chains. Operators fuse into one chain until an exchange: a key-by
    /// (hash exchange: the key-by ends its chain, routing each event by key, and the next chain starts
    /// with the keyed stage it feeds) or a partition (rebalance, broadcast, forward: not an operator,
    /// only the kind of the next chain's input). Once a timestamp stage has run, every later chain's
    /// records carry timestamps. The streams of side outputs follow the main stream's stages, each after
    /// a SideOutput stage (see <see cref="SideOutputModel"/>): each starts a chain of its own, fed by a
    /// forward exchange from the chain of the operator that emits to it, so every stream's chains are
    /// numbered consecutively and a chain that does not end at a sink feeds the next one. Pure: same
    /// stages in, same chains out.
    /// </summary>
    internal static class FusionPlanner
    {
        public static IReadOnlyList<ChainModel> Plan(EquatableArray<StageModel> stages)
        {
            var chains = new List<ChainModel>();
            var current = new List<StageModel>();
            string input = "Source";
            string inputType = stages.Count > 0 ? stages[0].OutType : string.Empty;
            bool timestamped = false;

            // Where each stage went (chain, index in it), and the side outputs found on the way.
            var placed = new (int Chain, int Index)[stages.Count];
            var links = new List<(int Chain, SideOutputLink Link)>();

            void Close(string output)
            {
                var chain = new ChainModel(chains.Count, inputType, input, output, new EquatableArray<StageModel>(current), timestamped);
                chains.Add(chain);
                timestamped = chain.TimestampedOutput;
                current.Clear();
            }

            for (int flat = 0; flat < stages.Count; flat++)
            {
                StageModel stage = stages[flat];
                if (stage.SideOutput is { } side)
                {
                    // The previous stream ended at its sink; the side output's stream starts a chain.
                    if (current.Count > 0)
                    {
                        Close("Sink");
                    }

                    (int producerChain, int producerIndex) = placed[side.Producer];
                    links.Add((producerChain, new SideOutputLink(producerIndex, side.TagName, side.TagField, side.Type, chains.Count)));
                    input = "Forward";
                    inputType = side.Type;
                    timestamped = chains[producerChain].TimestampedOutput;
                    continue;
                }

                if (stage.Kind == StageKind.Partition)
                {
                    Close(stage.Uid);
                    input = stage.Uid;
                    inputType = stage.OutType;
                    continue;
                }

                placed[flat] = (chains.Count, current.Count);
                current.Add(stage);
                if (stage.Kind == StageKind.KeyBy)
                {
                    Close("Hash");
                    input = "Hash";
                    inputType = stage.InType;
                }
            }

            if (current.Count > 0)
            {
                Close("Sink");
            }

            for (int c = 0; c < chains.Count; c++)
            {
                var own = links.Where(l => l.Chain == c).Select(l => l.Link).ToList();
                if (own.Count > 0)
                {
                    chains[c] = chains[c] with { SideOutputs = new EquatableArray<SideOutputLink>(own) };
                }
            }

            return chains;
        }
    }
}
