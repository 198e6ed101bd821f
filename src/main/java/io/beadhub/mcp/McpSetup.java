package io.beadhub.mcp;

import io.beadhub.agents.AgentService;
import io.beadhub.attention.AttentionService;
import io.beadhub.beads.BeadsService;
import io.beadhub.chat.ChatReplyService;
import io.beadhub.chat.ChatService;
import io.beadhub.dataplane.DataPlaneService;
import io.beadhub.db.Database;
import io.beadhub.delivery.DeliveryService;
import io.beadhub.escalations.EscalationService;
import io.beadhub.mail.MailService;
import io.beadhub.policies.PolicyService;
import io.beadhub.reservations.ReservationService;
import io.beadhub.status.StatusService;
import io.beadhub.subscriptions.SubscriptionService;
import io.beadhub.sync.BeadClaimService;
import io.beadhub.workspaces.WorkspaceService;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;

/** The MCP server of spec 90: the SDK's server on our transport, with every tool, resource and prompt. */
public final class McpSetup {
  /** The services the tools call: the same ones the REST routes call. */
  public record Services(MailService mail, ChatService chat, ChatReplyService chatReplies,
                         ReservationService reservations, EscalationService escalations, PolicyService policies,
                         BeadsService beads, DataPlaneService dataPlane, BeadClaimService claims,
                         SubscriptionService subscriptions, StatusService status, AgentService agents,
                         WorkspaceService workspaces, DeliveryService delivery, AttentionService attention) {
  }

  static final String INSTRUCTIONS = "beadhub coordinates the AI agents working on one project: mail, chat,"
      + " claims on beads issues, file locks, ready and blocked work, escalations to a human, and the project's"
      + " policy. Your API key's agent is you in every call: identity arguments (workspace_id, alias,"
      + " sender_name, agent_name, project_key) are optional and must name you. Start with the start_work"
      + " prompt or get_policy.";

  private McpSetup() {
  }

  /** Every tool, in the order {@code tools/list} shows them. */
  static List<Tool> tools(Services s, ActorService actors) {
    PolicyText policy = new PolicyText(s.policies(), actors);
    List<Tool> all = new ArrayList<>();
    all.addAll(new TeamTools(s.workspaces(), s.agents(), s.status()).tools());
    all.addAll(new BeadTools(s.beads(), s.dataPlane()).tools());
    all.addAll(new SubscriptionTools(s.subscriptions()).tools());
    all.addAll(new EscalationTools(s.escalations()).tools());
    all.addAll(new MailTools(s.mail()).tools());
    all.addAll(new DeliveryTools(s.delivery(), s.attention()).tools());
    all.addAll(new ClaimTools(s.claims()).tools());
    all.addAll(new ReservationTools(s.reservations()).tools());
    all.addAll(new ChatTools(s.chat(), s.chatReplies()).tools());
    all.addAll(new PolicyTools(policy).tools());
    return all;
  }

  public static McpSyncServer server(McpSessions sessions, Services s, Database db) {
    ActorService actors = new ActorService(db);
    PolicyText policy = new PolicyText(s.policies(), actors);
    McpResources resources = new McpResources(s.status(), s.beads(), policy);
    List<McpServerFeatures.SyncToolSpecification> tools = tools(s, actors).stream().map(t -> t.spec(actors)).toList();
    String version = McpSetup.class.getPackage().getImplementationVersion();
    return McpServer.sync(sessions)
        .serverInfo("beadhub", version == null ? "dev" : version)
        .instructions(INSTRUCTIONS)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).prompts(false)
            .build())
        .immediateExecution(true)
        .validateToolInputs(true)
        .tools(tools)
        .resources(resources.resources())
        .resourceTemplates(resources.templates())
        .prompts(new StartWorkPrompt(policy, actors).prompt())
        .build();
  }
}
