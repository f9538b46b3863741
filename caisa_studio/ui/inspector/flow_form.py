"""The inspector form of one data flow: endpoints, protocol, direction, properties, data, controls."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel

from caisa_studio.model import DataFlow, Design
from caisa_studio.model.edits import SetAttribute
from caisa_studio.ui.icons import svg_icon
from caisa_studio.ui.inspector.builders import add_assets, add_controls, add_properties
from caisa_studio.ui.inspector.fields import EditableCombo
from caisa_studio.ui.inspector.form import Form, InspectorContext
from caisa_studio.ui.inspector.header import HeaderValue

PROTOCOLS = (
    "HTTPS", "HTTP", "gRPC", "mTLS", "TLS", "WebSocket", "OIDC", "SAML", "JDBC", "SQL", "AMQP",
    "Kafka", "MQTT", "SSH", "SFTP", "S3", "NFS", "SMB", "syslog", "MCP", "IPC",
)  # fmt: skip


class EndpointLink(QLabel):
    """A component's name as a link: following it inspects that component."""

    def __init__(self, form: Form) -> None:
        super().__init__()
        self._shown: tuple[str, str] | None = None
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.linkActivated.connect(form.select_requested.emit)
        self.setToolTip("Inspect this component")

    def set_value(self, value: tuple[str, str]) -> None:
        if value != self._shown:
            self._shown = value
            element_id, name = value
            self.setText(f'<a href="{escape(element_id)}">{escape(name)}</a>')


class FlowForm(Form):
    def __init__(self, ctx: InspectorContext, flow_id: str) -> None:
        super().__init__(ctx)
        self.element_id = flow_id
        self.bind(self.header, self._header)

        def element(design: Design) -> DataFlow:
            return design.flows[flow_id]

        properties = self.section("Properties")
        for label, end in (("From", "source"), ("To", "target")):
            link = EndpointLink(self)
            link.setObjectName(f"endpoint-{end}")
            properties.add_row(label, link)
            self.bind(
                link, lambda d, end=end: (getattr(element(d), end), d.display_name(getattr(element(d), end)))
            )
        protocol = EditableCombo(PROTOCOLS, self._set_protocol)
        protocol.setObjectName("protocol")
        properties.add_row("Protocol", protocol, "How the data travels, e.g. HTTPS, gRPC or JDBC")
        self.bind(protocol, lambda design: element(design).protocol)
        both = QCheckBox("Bidirectional (data flows both ways)")
        both.setObjectName("bidirectional")
        both.clicked.connect(self._set_bidirectional)
        both.setToolTip("Requests and responses both carry the listed data; drawn with two arrowheads")
        properties.add_wide(both)
        self.bind(_Checked(both), lambda design: element(design).bidirectional)
        add_properties(self, properties, flow_id, element)
        add_assets(self, flow_id, element, "carries", "carries")
        add_controls(self, flow_id, element, ctx.catalog.controls_for_flows())
        self.finish()

    def _header(self, design: Design) -> HeaderValue:
        flow = design.flows[self.element_id]
        arrow = "⇄" if flow.bidirectional else "→"
        title = f"{design.display_name(flow.source)} {arrow} {design.display_name(flow.target)}"
        subtitle = f"Data flow · {flow.protocol}" if flow.protocol else "Data flow"
        return svg_icon("data_flow", self.ctx.theme.text, "ui"), title, subtitle

    def _set_protocol(self, text: str) -> None:
        if text != self.ctx.session.design.flows[self.element_id].protocol:
            self.push(SetAttribute(self.element_id, "protocol", text), "Change protocol")

    def _set_bidirectional(self, checked: bool) -> None:
        if checked != self.ctx.session.design.flows[self.element_id].bidirectional:
            self.push(SetAttribute(self.element_id, "bidirectional", checked), "Change direction")

    def exists(self, design: Design) -> bool:
        return self.element_id in design.flows

    def refresh_findings(self) -> None:
        result = self.ctx.session.result
        self.header.set_findings([f for f in result.findings if f.subject == self.element_id])


class _Checked:
    """Adapts a check box to ``set_value`` without echoing the change back."""

    def __init__(self, box: QCheckBox) -> None:
        self.box = box

    def set_value(self, value: bool) -> None:
        if self.box.isChecked() != value:
            self.box.blockSignals(True)
            self.box.setChecked(value)
            self.box.blockSignals(False)
