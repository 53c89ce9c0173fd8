"""Outgoing mail through SMTP settings; without MAIL_SERVER (development) the message goes to the log."""

import smtplib
from email.message import EmailMessage

from flask import current_app


def send_mail(to, subject, text):
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text)
    if not config.get("MAIL_SERVER"):
        current_app.logger.warning("Mail (not sent, no MAIL_SERVER) to %s: %s\n%s", to, subject, text)
        return message
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
    return message
