using ActorMailProxy.Gateway.Tests.Architecture.Cyclic.Left;
using ActorMailProxy.Gateway.Tests.Architecture.Cyclic.Listed;
using ActorMailProxy.Gateway.Tests.Architecture.Cyclic.Right;

namespace ActorMailProxy.Gateway.Tests.Architecture;

/// <summary>The reader and checker find a circle that is known to be there, so a passing rule test means something.</summary>
public sealed class CheckerCatchesCyclesTests
{
    private const string Cyclic = "ActorMailProxy.Gateway.Tests.Architecture.Cyclic";

    private static readonly Lazy<DependencyGraph> ThisAssembly = new(() => DependencyReader.Read([typeof(LeftHand).Assembly.Location]));

    [Fact]
    public void An_edge_added_against_a_real_import_is_reported_as_exactly_the_circle_it_closes()
    {
        var real = OurAssemblies.Graph;
        var before = ArchitectureChecker.FolderCycles(real);
        var imports = real.Edges.Where(e => e.From.Assembly == e.To.Assembly && e.From.Namespace != e.To.Namespace).ToList();
        var pairs = imports.Select(e => (e.From.Namespace, e.To.Namespace)).ToHashSet();
        // A real type reference A → B between folders not yet in one circle; B → A closes a circle of exactly the folders
        // on a path from A to B (just {A, B} when that reference is the only way), found here by search, not by Tarjan.
        var (import, circle) = imports.Where(e => !e.ByUsing)
            .Where(e => !before.Any(c => c.Namespaces.Contains(e.From.Namespace) && c.Namespaces.Contains(e.To.Namespace)))
            .Select(e => (e, circle: OnAPath(pairs, e.From.Namespace, e.To.Namespace)))
            .OrderBy(c => c.circle.Count).ThenBy(c => c.e.ToString(), StringComparer.Ordinal)
            .First();
        var closing = new TypeEdge(import.To, import.From);

        var after = ArchitectureChecker.FolderCycles(real.WithEdge(closing));

        var added = Assert.Single(after, c => c.Namespaces.Contains(import.From.Namespace));
        Assert.Equal(import.From.Assembly, added.Assembly);
        Assert.Equal(circle.Order(StringComparer.Ordinal), added.Namespaces);
        Assert.Contains(closing, added.Examples);
        Assert.Equal(
            before.Where(c => !c.Namespaces.Any(circle.Contains)).Select(c => c.ToString()),
            after.Where(c => c != added).Select(c => c.ToString()));
    }

    [Fact]
    public void Reading_this_assembly_finds_the_fixtures_circle_through_a_field_and_a_method_body_and_no_other()
    {
        var cycles = ArchitectureChecker.FolderCycles(ThisAssembly.Value)
            .Where(c => c.Namespaces.Any(n => ArchitectureChecker.IsUnder(n, Cyclic)));

        var cycle = Assert.Single(cycles);
        Assert.Equal([typeof(LeftHand).Namespace!, typeof(RightHand).Namespace!], cycle.Namespaces);
        Assert.Equal([Edge<LeftHand, RightHand>(), Edge<RightHand, LeftHand>()], cycle.Examples);
    }

    [Fact]
    public void A_generic_argument_inside_a_method_body_is_a_reference()
    {
        var fromRoster = ThisAssembly.Value.Edges.Where(e => e.From == Id<Roster>() && !e.ByUsing);

        Assert.Equal([Edge<Roster, RightHand>()], fromRoster);
    }

    private static TypeId Id<T>() => new(typeof(T).Assembly.GetName().Name!, typeof(T).Namespace!, typeof(T).Name);

    private static TypeEdge Edge<TFrom, TTo>() => new(Id<TFrom>(), Id<TTo>());

    /// <summary>The folders X with from →* X →* to: forward search from one end, backward from the other.</summary>
    private static HashSet<string> OnAPath(HashSet<(string From, string To)> pairs, string from, string to)
    {
        var forward = Reachable(pairs.ToLookup(p => p.From, p => p.To), from);
        forward.IntersectWith(Reachable(pairs.ToLookup(p => p.To, p => p.From), to));
        return forward;
    }

    private static HashSet<string> Reachable(ILookup<string, string> successors, string start)
    {
        var seen = new HashSet<string> { start };
        var frontier = new Queue<string>([start]);
        while (frontier.TryDequeue(out var node))
        {
            foreach (var next in successors[node].Where(seen.Add))
            {
                frontier.Enqueue(next);
            }
        }
        return seen;
    }
}
