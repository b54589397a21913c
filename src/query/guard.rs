//! Keeping a query within its time limit and its memory, whatever its shape.
//!
//! Oxigraph 0.5 (spareval 0.2) checks its cancellation token only while it
//! scans the store, and its operators that hold rows — `ORDER BY`, `DISTINCT`,
//! `GROUP BY`, the side of a join built in memory, the right side of
//! `OPTIONAL` and `MINUS` — collect their whole input, setting errors aside
//! and carrying on. So a timeout stops neither a sort over a large join nor
//! the memory it takes (oxigraph issue #1871: the out-of-memory kill took the
//! host down).
//!
//! Before evaluation we therefore rewrite the algebra: the input of each such
//! operator, and each side of a join (including the disconnected parts of a
//! basic graph pattern, whose join is a cartesian product), becomes
//! `FILTER(guard(COALESCE(?v…, true)))`. `guard` is a custom function of ours
//! that counts the rows flowing through it, for the whole query, and checks
//! the deadline. Its argument names every variable in scope, so oxigraph's
//! optimiser cannot push the filter below the join it sits on (it pushes a
//! filter only into a side that binds all of the filter's variables; `BOUND`
//! would not do, as the optimiser folds it to `true` for certainly bound
//! variables). Past the budget or the deadline, the guard unwinds the
//! evaluation with `resume_unwind` — no panic message is printed — and
//! [`super::run_with`] catches it; everything the evaluation held is dropped
//! on the way. The same walk finds `SERVICE`, wherever it is, so it can be
//! refused before anything runs.

use std::any::Any;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use oxigraph::model::{Literal, NamedNode, Term};
use spargebra::Query;
use spargebra::algebra::{
    AggregateExpression, AggregateFunction, Expression, Function, GraphPattern, OrderExpression,
};
use spargebra::term::{NamedNodePattern, TermPattern, TriplePattern};

/// The IRI of the guard function: counts a row held in memory, checks the
/// clock. Calling it from a query only counts rows.
pub const GUARD: &str = "urn:x-conflict-kg:guard";

/// The IRI of the clock function, above every join: checks the clock only.
/// A cartesian product makes many rows between two looks at the store,
/// where oxigraph checks its cancellation token; they pass here.
pub const CLOCK: &str = "urn:x-conflict-kg:clock";

/// How many rows pass a guard between two looks at the clock.
const CLOCK_EVERY: usize = 256;

/// Why a query was stopped before its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Stop {
    /// It ran past its time limit.
    #[error("the query was stopped by the {} s timeout", .0.as_secs_f32())]
    Timeout(Duration),
    /// It would have held more rows in memory than allowed.
    #[error(
        "the query was stopped: it would hold more than {0} intermediate rows in memory \
         (to sort, group, deduplicate or join them); narrow it, or raise the limit"
    )]
    TooManyRows(usize),
    /// The query engine panicked (oxigraph 0.5's `ORDER BY` over values of
    /// mixed kinds can break the sort's total order, which Rust's sort detects
    /// by panicking).
    #[error(
        "the query engine failed on this query (an ORDER BY over values of mixed kinds can cause this); \
         try ordering by STR(?x) or a single kind of value"
    )]
    EngineFailure,
}

impl Stop {
    /// What an unwinding evaluation carried: our own stop, or an engine panic.
    pub fn from_panic(payload: &(dyn Any + Send)) -> Self {
        payload
            .downcast_ref::<Stop>()
            .copied()
            .unwrap_or(Stop::EngineFailure)
    }
}

/// The rows a query may still pass through its guards, and its deadline.
#[derive(Debug)]
pub struct Budget {
    rows: AtomicUsize,
    ticks: AtomicUsize,
    max_rows: usize,
    deadline: Option<(Instant, Duration)>,
}

impl Budget {
    /// A budget of `max_rows` rows, and `timeout` from now if given.
    pub fn new(max_rows: usize, timeout: Option<Duration>) -> Arc<Self> {
        Arc::new(Self {
            rows: AtomicUsize::new(0),
            ticks: AtomicUsize::new(0),
            max_rows,
            deadline: timeout.map(|t| (Instant::now() + t, t)),
        })
    }

    /// Rows counted so far.
    pub fn rows(&self) -> usize {
        self.rows.load(Ordering::Relaxed)
    }

    /// Counts one row; unwinds the evaluation when over budget or past the deadline.
    fn hold(&self) {
        let n = self.rows.fetch_add(1, Ordering::Relaxed) + 1;
        if n > self.max_rows {
            std::panic::resume_unwind(Box::new(Stop::TooManyRows(self.max_rows)));
        }
        if n.is_multiple_of(CLOCK_EVERY) {
            self.check_clock();
        }
    }

    /// Looks at the clock every [`CLOCK_EVERY`] calls; unwinds past the deadline.
    fn tick(&self) {
        if self
            .ticks
            .fetch_add(1, Ordering::Relaxed)
            .is_multiple_of(CLOCK_EVERY)
        {
            self.check_clock();
        }
    }

    fn check_clock(&self) {
        if let Some((deadline, timeout)) = self.deadline
            && Instant::now() >= deadline
        {
            std::panic::resume_unwind(Box::new(Stop::Timeout(timeout)));
        }
    }

    /// The custom function to register under [`GUARD`].
    pub fn guard_function(self: &Arc<Self>) -> impl Fn(&[Term]) -> Option<Term> + Send + Sync + 'static {
        let budget = Arc::clone(self);
        move |_| {
            budget.hold();
            Some(Literal::from(true).into())
        }
    }

    /// The custom function to register under [`CLOCK`].
    pub fn clock_function(self: &Arc<Self>) -> impl Fn(&[Term]) -> Option<Term> + Send + Sync + 'static {
        let budget = Arc::clone(self);
        move |_| {
            budget.tick();
            Some(Literal::from(true).into())
        }
    }
}

/// A query uses `SERVICE`, which this tool never evaluates.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("SERVICE is not allowed: this endpoint does not query other endpoints")]
pub struct UsesService;

/// `query` with a guard before every operator that holds rows and a clock
/// above every join; refused when it uses `SERVICE` anywhere (even inside `EXISTS`).
pub fn guard(query: Query) -> Result<Query, UsesService> {
    let mut w = Rewriter { service: false };
    let query = match query {
        Query::Select {
            dataset,
            pattern,
            base_iri,
        } => Query::Select {
            dataset,
            pattern: w.pattern(pattern, Scope::Alone),
            base_iri,
        },
        Query::Construct {
            template,
            dataset,
            pattern,
            base_iri,
        } => Query::Construct {
            template,
            dataset,
            pattern: w.pattern(pattern, Scope::Alone),
            base_iri,
        },
        Query::Describe {
            dataset,
            pattern,
            base_iri,
        } => Query::Describe {
            dataset,
            pattern: w.pattern(pattern, Scope::Alone),
            base_iri,
        },
        Query::Ask {
            dataset,
            pattern,
            base_iri,
        } => Query::Ask {
            dataset,
            pattern: w.pattern(pattern, Scope::Alone),
            base_iri,
        },
    };
    if w.service { Err(UsesService) } else { Ok(query) }
}

struct Rewriter {
    service: bool,
}

/// Whether a pattern's variables meet no other pattern's at its level: then
/// the disconnected parts of a basic graph pattern in it are a cartesian
/// product. Inside a join (`{ ?a ?p ?b OPTIONAL {…} ?b ?q ?c . ?x ?r ?y }`),
/// parts may be linked through the other side, and splitting them would
/// keep the optimiser from chaining them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    Alone,
    Joined,
}

impl Rewriter {
    fn boxed(&mut self, p: GraphPattern, scope: Scope) -> Box<GraphPattern> {
        Box::new(self.pattern(p, scope))
    }

    fn held(&mut self, p: GraphPattern, scope: Scope) -> Box<GraphPattern> {
        Box::new(held(self.pattern(p, scope)))
    }

    /// The operands of a tree of joins, each rewritten; the tree keeps its
    /// shape, so the optimiser still sees one chain to order.
    fn join(&mut self, p: GraphPattern) -> GraphPattern {
        match p {
            GraphPattern::Join { left, right } => GraphPattern::Join {
                left: Box::new(self.join(*left)),
                right: Box::new(self.join(*right)),
            },
            p => self.pattern(p, Scope::Joined),
        }
    }

    fn pattern(&mut self, p: GraphPattern, scope: Scope) -> GraphPattern {
        use GraphPattern as G;
        use Scope::Joined;
        match p {
            p @ (G::Bgp { .. } | G::Join { .. }) if scope == Scope::Alone => self.cartesian(p),
            p @ (G::Bgp { .. } | G::Path { .. } | G::Values { .. }) => p,
            // Only at the top of a tree of joins: every row the tree makes passes the clock.
            p @ G::Join { .. } => timed(self.join(p)),
            G::LeftJoin {
                left,
                right,
                expression,
            } => G::LeftJoin {
                left: self.boxed(*left, scope),
                right: self.held(*right, Joined),
                expression: expression.map(|e| self.expression(e)),
            },
            G::Lateral { left, right } => G::Lateral {
                left: self.boxed(*left, scope),
                right: self.boxed(*right, Joined),
            },
            G::Filter { expr, inner } => G::Filter {
                expr: self.expression(expr),
                inner: self.boxed(*inner, scope),
            },
            G::Union { left, right } => G::Union {
                left: self.boxed(*left, scope),
                right: self.boxed(*right, scope),
            },
            G::Graph { name, inner } => G::Graph {
                name,
                inner: self.boxed(*inner, scope),
            },
            G::Extend {
                inner,
                variable,
                expression,
            } => G::Extend {
                inner: self.boxed(*inner, scope),
                variable,
                expression: self.expression(expression),
            },
            G::Minus { left, right } => G::Minus {
                left: self.boxed(*left, scope),
                right: self.held(*right, Joined),
            },
            G::OrderBy { inner, expression } => G::OrderBy {
                inner: self.held(*inner, scope),
                expression: expression
                    .into_iter()
                    .map(|e| match e {
                        OrderExpression::Asc(e) => OrderExpression::Asc(self.expression(e)),
                        OrderExpression::Desc(e) => OrderExpression::Desc(self.expression(e)),
                    })
                    .collect(),
            },
            // A subquery is planned on its own: only its projected variables meet the outside.
            G::Project { inner, variables } => G::Project {
                inner: self.boxed(*inner, Scope::Alone),
                variables,
            },
            // Oxigraph evaluates REDUCED as DISTINCT: both hold every distinct row.
            G::Distinct { inner } => G::Distinct {
                inner: self.held(*inner, scope),
            },
            G::Reduced { inner } => G::Reduced {
                inner: self.held(*inner, scope),
            },
            G::Slice { inner, start, length } => G::Slice {
                inner: self.boxed(*inner, scope),
                start,
                length,
            },
            G::Group {
                inner,
                variables,
                aggregates,
            } => {
                // Without keys and with constant-size aggregates (COUNT, SUM, MIN…), a
                // grouping holds nothing: counting its rows would only refuse big counts.
                let holds = !variables.is_empty() || aggregates.iter().any(|(_, a)| holds_values(a));
                G::Group {
                    inner: if holds {
                        self.held(*inner, scope)
                    } else {
                        self.boxed(*inner, scope)
                    },
                    variables,
                    aggregates: aggregates
                        .into_iter()
                        .map(|(v, a)| (v, self.aggregate(a)))
                        .collect(),
                }
            }
            p @ G::Service { .. } => {
                self.service = true;
                p
            }
        }
    }

    fn aggregate(&mut self, a: AggregateExpression) -> AggregateExpression {
        match a {
            AggregateExpression::FunctionCall { name, expr, distinct } => AggregateExpression::FunctionCall {
                name,
                expr: self.expression(expr),
                distinct,
            },
            a @ AggregateExpression::CountSolutions { .. } => a,
        }
    }

    #[expect(
        clippy::many_single_char_names,
        reason = "a plain structural map over operands"
    )]
    fn expression(&mut self, e: Expression) -> Expression {
        use Expression as E;
        let mut b = |e: Box<E>| Box::new(self.expression(*e));
        match e {
            E::Exists(p) => E::Exists(Box::new(self.pattern(*p, Scope::Joined))),
            E::Or(x, y) => E::Or(b(x), b(y)),
            E::And(x, y) => E::And(b(x), b(y)),
            E::Equal(x, y) => E::Equal(b(x), b(y)),
            E::SameTerm(x, y) => E::SameTerm(b(x), b(y)),
            E::Greater(x, y) => E::Greater(b(x), b(y)),
            E::GreaterOrEqual(x, y) => E::GreaterOrEqual(b(x), b(y)),
            E::Less(x, y) => E::Less(b(x), b(y)),
            E::LessOrEqual(x, y) => E::LessOrEqual(b(x), b(y)),
            E::Add(x, y) => E::Add(b(x), b(y)),
            E::Subtract(x, y) => E::Subtract(b(x), b(y)),
            E::Multiply(x, y) => E::Multiply(b(x), b(y)),
            E::Divide(x, y) => E::Divide(b(x), b(y)),
            E::UnaryPlus(x) => E::UnaryPlus(b(x)),
            E::UnaryMinus(x) => E::UnaryMinus(b(x)),
            E::Not(x) => E::Not(b(x)),
            E::If(x, y, z) => E::If(b(x), b(y), b(z)),
            E::In(x, list) => {
                let x = b(x);
                E::In(x, list.into_iter().map(|e| self.expression(e)).collect())
            }
            E::Coalesce(list) => E::Coalesce(list.into_iter().map(|e| self.expression(e)).collect()),
            E::FunctionCall(f, list) => {
                E::FunctionCall(f, list.into_iter().map(|e| self.expression(e)).collect())
            }
            e @ (E::NamedNode(_) | E::Literal(_) | E::Variable(_) | E::Bound(_)) => e,
        }
    }
}

/// Whether an aggregate keeps a set or a growing value (DISTINCT, GROUP_CONCAT).
fn holds_values(a: &AggregateExpression) -> bool {
    match a {
        AggregateExpression::CountSolutions { distinct } => *distinct,
        AggregateExpression::FunctionCall { name, distinct, .. } => {
            *distinct
                || matches!(
                    name,
                    AggregateFunction::GroupConcat { .. } | AggregateFunction::Custom(_)
                )
        }
    }
}

/// `p` behind a clock naming every variable in scope in `p`.
fn timed(p: GraphPattern) -> GraphPattern {
    filtered(CLOCK, p)
}

/// `p` behind a guard naming every variable in scope in `p`. A projection
/// hides variables, so the guard goes below it, where it can still name them
/// all (`SELECT DISTINCT ?a { ?a ?b ?c . ?c ?d ?e }` counts the joined rows).
fn held(p: GraphPattern) -> GraphPattern {
    if let GraphPattern::Project { inner, variables } = p {
        return GraphPattern::Project {
            inner: Box::new(held(*inner)),
            variables,
        };
    }
    if matches!(&p, GraphPattern::Values { .. })
        || matches!(&p, GraphPattern::Bgp { patterns } if patterns.is_empty())
    {
        return p;
    }
    filtered(GUARD, p)
}

/// `FILTER(function(COALESCE(?v…, true)))` over `p`, naming every variable in scope in `p`.
fn filtered(function: &str, p: GraphPattern) -> GraphPattern {
    let mut args = Vec::new();
    p.on_in_scope_variable(|v| {
        let e = Expression::Variable(v.clone());
        if !args.contains(&e) {
            args.push(e);
        }
    });
    args.push(Expression::Literal(Literal::from(true)));
    GraphPattern::Filter {
        expr: Expression::FunctionCall(
            Function::Custom(NamedNode::new_unchecked(function)),
            vec![Expression::Coalesce(args)],
        ),
        inner: Box::new(p),
    }
}

/// One operand of a tree of joins: a triple pattern of a basic graph
/// pattern, or any other pattern (a subquery, a `UNION`, an `OPTIONAL`…).
enum Operand {
    Triple(TriplePattern),
    Pattern(GraphPattern),
}

impl Operand {
    fn names(&self) -> Vec<String> {
        match self {
            Operand::Triple(t) => names(t),
            Operand::Pattern(p) => {
                let mut out = Vec::new();
                p.on_in_scope_variable(|v| out.push(format!("?{}", v.as_str())));
                out
            }
        }
    }
}

/// The operands of a tree of joins (basic graph patterns taken apart), in order.
fn operands(p: GraphPattern, out: &mut Vec<Operand>) {
    match p {
        GraphPattern::Join { left, right } => {
            operands(*left, out);
            operands(*right, out);
        }
        GraphPattern::Bgp { patterns } => out.extend(patterns.into_iter().map(Operand::Triple)),
        p => out.push(Operand::Pattern(p)),
    }
}

/// The operands split into parts that share no variable (nor blank node).
fn parts(operands: Vec<Operand>) -> Vec<Vec<Operand>> {
    let mut parts: Vec<(Vec<String>, Vec<Operand>)> = Vec::new();
    for operand in operands {
        let mut own = operand.names();
        let (linked, rest): (Vec<_>, Vec<_>) = parts
            .into_iter()
            .partition(|(names, _)| names.iter().any(|n| own.contains(n)));
        parts = rest;
        let mut merged = Vec::new();
        for (names, ops) in linked {
            own.extend(names);
            merged.extend(ops);
        }
        merged.push(operand);
        parts.push((own, merged));
    }
    parts.into_iter().map(|(_, ops)| ops).collect()
}

impl Rewriter {
    /// A tree of joins (or a basic graph pattern) whose operands meet no
    /// other pattern. Parts sharing no variable are joined by a cartesian
    /// product, one of them built in memory: each part becomes a guarded side.
    /// The optimiser would not chain them anyway, so this costs no plan.
    fn cartesian(&mut self, p: GraphPattern) -> GraphPattern {
        let single_bgp = matches!(p, GraphPattern::Bgp { .. });
        let mut ops = Vec::new();
        operands(p, &mut ops);
        let parts = parts(ops);
        if parts.len() < 2 {
            let joined = self.rebuild(parts.into_iter().flatten().collect());
            // A connected basic graph pattern is a chain of index lookups, each checking the
            // cancellation token: no clock needed.
            return if single_bgp { joined } else { timed(joined) };
        }
        let sides: Vec<GraphPattern> = parts.into_iter().map(|part| held(self.rebuild(part))).collect();
        sides
            .into_iter()
            .reduce(|left, right| {
                timed(GraphPattern::Join {
                    left: Box::new(left),
                    right: Box::new(right),
                })
            })
            .unwrap_or(GraphPattern::Bgp { patterns: Vec::new() })
    }

    /// Joins operands again, in their order, consecutive triple patterns as one basic graph pattern.
    fn rebuild(&mut self, ops: Vec<Operand>) -> GraphPattern {
        let mut joined: Option<GraphPattern> = None;
        let mut triples = Vec::new();
        let push = |joined: &mut Option<GraphPattern>, p: GraphPattern| {
            *joined = Some(match joined.take() {
                None => p,
                Some(left) => GraphPattern::Join {
                    left: Box::new(left),
                    right: Box::new(p),
                },
            });
        };
        for op in ops {
            match op {
                Operand::Triple(t) => triples.push(t),
                Operand::Pattern(p) => {
                    if !triples.is_empty() {
                        push(
                            &mut joined,
                            GraphPattern::Bgp {
                                patterns: std::mem::take(&mut triples),
                            },
                        );
                    }
                    let p = self.pattern(p, Scope::Joined);
                    push(&mut joined, p);
                }
            }
        }
        if !triples.is_empty() {
            push(&mut joined, GraphPattern::Bgp { patterns: triples });
        }
        joined.unwrap_or(GraphPattern::Bgp { patterns: Vec::new() })
    }
}

/// The variables and blank nodes of a triple pattern, as text.
fn names(p: &TriplePattern) -> Vec<String> {
    let term = |t: &TermPattern| match t {
        TermPattern::Variable(v) => Some(format!("?{}", v.as_str())),
        TermPattern::BlankNode(b) => Some(format!("_:{}", b.as_str())),
        _ => None,
    };
    let predicate = match &p.predicate {
        NamedNodePattern::Variable(v) => Some(format!("?{}", v.as_str())),
        NamedNodePattern::NamedNode(_) => None,
    };
    [term(&p.subject), predicate, term(&p.object)]
        .into_iter()
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::sparql::SparqlEvaluator;
    use oxigraph::store::Store;
    use serde_json::Value;

    /// The plan oxigraph's optimiser makes of `sparql` once guarded.
    fn plan(sparql: &str) -> Value {
        let parsed = spargebra::SparqlParser::new().parse_query(sparql).unwrap();
        plan_of(guard(parsed).unwrap())
    }

    fn plan_of(query: Query) -> Value {
        let budget = Budget::new(10, None);
        let (_, explanation) = SparqlEvaluator::new()
            .with_custom_function(NamedNode::new_unchecked(GUARD), budget.guard_function())
            .with_custom_function(NamedNode::new_unchecked(CLOCK), budget.clock_function())
            .for_query(query)
            .on_store(&Store::new().unwrap())
            .explain();
        let mut json = Vec::new();
        explanation.write_in_json(&mut json).unwrap();
        serde_json::from_slice::<Value>(&json).unwrap()["plan"].clone()
    }

    fn name(node: &Value) -> &str {
        node["name"].as_str().unwrap_or("")
    }

    fn children(node: &Value) -> &[Value] {
        node["children"].as_array().map_or(&[], Vec::as_slice)
    }

    /// Whether the rows a node gives pass a guard: it is one, or a guarded
    /// operator, or a union of such.
    fn counted(node: &Value) -> bool {
        let m = name(node);
        m.contains(GUARD)
            || ["Sort(", "Distinct(", "Aggregate(?"]
                .iter()
                .any(|p| m.starts_with(p))
            || (m == "Union" && children(node).iter().all(counted))
    }

    /// The operators holding rows whose input no guard counts, and the joins no clock times.
    fn unguarded(node: &Value, out: &mut Vec<String>) {
        let n = name(node);
        let mut input = children(node).first();
        // Projections, computed sort keys, MINUS's probe side pass on at most the rows they
        // get: a guard below them bounds what they give.
        let streams = |i: &&Value| {
            let m = name(i);
            !m.contains(GUARD)
                && ["Project(", "Extend(", "AntiJoin("]
                    .iter()
                    .any(|p| m.starts_with(p))
        };
        while let Some(i) = input.filter(streams) {
            input = children(i).first();
        }
        let held = n.starts_with("Sort(") || n.starts_with("Distinct(") || n.starts_with("Aggregate(?");
        if held && !input.is_some_and(|i| name(i).contains(GUARD)) {
            out.push(n.to_owned());
        }
        if n.starts_with("Join(") {
            // The left side is built in memory: guarded, or the output of a guarded operator.
            if !input.is_some_and(counted) {
                out.push(format!("{n} (built side)"));
            }
        }
        for c in children(node) {
            if name(c).starts_with("Join(") && !n.contains(CLOCK) {
                out.push(format!("{} (no clock)", name(c)));
            }
            unguarded(c, out);
        }
    }

    #[test]
    fn every_operator_holding_rows_is_guarded_after_optimisation() {
        for q in [
            "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a",
            "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
            "SELECT DISTINCT ?a { ?a ?b ?c . ?c ?e ?f }",
            "SELECT REDUCED ?a { ?a ?b ?c . ?d ?e ?f }",
            "SELECT ?a ?d { ?a ?b ?c . ?c ?e ?f OPTIONAL { ?f ?g ?h } } ORDER BY DESC(STR(?a))",
            "SELECT ?t (COUNT(*) AS ?n) { ?s a ?t . ?x ?y ?z } GROUP BY ?t",
            "SELECT * { { SELECT ?s { ?s ?p ?o } ORDER BY ?o } { SELECT DISTINCT ?x { ?x ?y ?s } } }",
            "ASK { ?a ?b ?c FILTER EXISTS { SELECT DISTINCT ?d { ?d ?e ?f . ?g ?h ?i } } }",
            "CONSTRUCT { ?a ?b ?f } { ?a ?b ?c . ?d ?e ?f MINUS { ?a ?x ?y } } ORDER BY ?a",
            "SELECT (COUNT(*) AS ?n) { { ?a ?p ?b . ?b ?q ?c } { ?d ?r ?e . ?e ?s ?f } }",
            "SELECT * { { ?a ?p ?b } UNION { ?a ?q ?b } . ?c ?r ?d . ?d ?s ?e } ORDER BY ?a",
        ] {
            let plan = plan(q);
            let mut missing = Vec::new();
            unguarded(&plan, &mut missing);
            assert!(missing.is_empty(), "{q}: {missing:?}\n{plan}");
        }
    }

    /// The operators of a plan (how each join is done, on which patterns),
    /// filters and fresh variable names left out, in a fixed order: the
    /// optimiser breaks ties between equal costs differently from run to run.
    fn shape(node: &Value) -> Vec<String> {
        let mut all: Vec<String> = children(node).iter().flat_map(shape).collect();
        if !name(node).starts_with("Filter(") {
            all.push(operator(node));
        }
        all.sort();
        all
    }

    fn operator(node: &Value) -> String {
        let name = name(node)
            .split('?')
            .map(|w| {
                let hex = w.chars().take_while(char::is_ascii_hexdigit).count();
                if hex >= 24 { &w[hex..] } else { w }
            })
            .collect::<Vec<_>>()
            .join("?");
        // Join keys come in hash-map order.
        let Some((head, rest)) = name.split_once("keys = ") else {
            return name;
        };
        let end = rest
            .find(", expression")
            .or_else(|| rest.rfind(')'))
            .unwrap_or(rest.len());
        let mut keys: Vec<&str> = rest[..end].split(", ").collect();
        keys.sort_unstable();
        format!("{head}keys = {}{}", keys.join(", "), &rest[end..])
    }

    #[test]
    fn guards_leave_the_plans_of_the_shipped_queries_as_they_were() {
        let shapes = [
            "SELECT * { ?a ?p ?b OPTIONAL { ?b ?q ?c } ?c ?r ?d . { SELECT ?d { ?d ?s ?e } } ?x ?y ?z }",
            "SELECT * { { ?a ?p ?b } { ?b ?q ?c OPTIONAL { ?c ?r ?d . ?x ?y ?z } } MINUS { ?a ?s ?b } }",
            "ASK { ?a ?p ?b FILTER EXISTS { ?b ?q ?c . ?a ?r ?d } }",
        ];
        let shipped = crate::query::catalogue().chain(crate::query::checks());
        for (name, text) in shipped.map(|q| (q.name, q.text)).chain(shapes.map(|q| (q, q))) {
            let parsed = spargebra::SparqlParser::new().parse_query(text).unwrap();
            let before = shape(&plan_of(parsed.clone()));
            let after = shape(&plan_of(guard(parsed).unwrap()));
            assert_eq!(before, after, "{name}");
        }
    }

    #[test]
    fn service_is_found_anywhere() {
        for q in [
            "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
            "SELECT * { ?s ?p ?o FILTER EXISTS { SERVICE SILENT <http://x> { ?s ?p ?o } } }",
            "SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s ?p ?o FILTER NOT EXISTS { { SERVICE ?x { ?s ?p ?o } } } }",
            "ASK { { ?s ?p ?o } UNION { SERVICE <http://x> { ?a ?b ?c } } }",
        ] {
            let parsed = spargebra::SparqlParser::new().parse_query(q).unwrap();
            assert!(guard(parsed).is_err(), "{q}");
        }
    }

    #[test]
    fn a_budget_counts_rows_and_unwinds_quietly() {
        let budget = Budget::new(3, None);
        let f = budget.guard_function();
        for _ in 0..3 {
            assert!(f(&[]).is_some());
        }
        let payload = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&[]))).unwrap_err();
        assert_eq!(Stop::from_panic(payload.as_ref()), Stop::TooManyRows(3));
        let late = Budget::new(usize::MAX, Some(Duration::ZERO));
        let clock = late.clock_function();
        let payload = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| clock(&[]))).unwrap_err();
        assert_eq!(Stop::from_panic(payload.as_ref()), Stop::Timeout(Duration::ZERO));
    }
}
