# Notekeeper under gunicorn; static files served by whitenoise.
# Build: docker build -t notekeeper .   Run with PostgreSQL: docker compose up
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first (pinned by constraints.txt), so code changes reuse this layer.
COPY pyproject.toml constraints.txt ./
RUN python -c "import tomllib; deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; print('\n'.join(deps))" > /tmp/requirements.txt
RUN pip install -c constraints.txt -r /tmp/requirements.txt

COPY . .
RUN SECRET_KEY=collectstatic-at-build-time-only-not-a-real-secret-key-0123456789 \
       ALLOWED_HOSTS=build DJANGO_SETTINGS_MODULE=config.production \
       python manage.py collectstatic --noinput \
    && useradd --system --uid 1000 --home /app notekeeper \
    && mkdir -p /app/media && chown notekeeper /app/media

USER notekeeper
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", \
     "--access-logfile", "-"]
